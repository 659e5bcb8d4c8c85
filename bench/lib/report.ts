import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median as sharedMedian } from '../../src/shared/stats';

/** The shared median, NaN for no values, which a table prints as such. */
export function median(values: readonly number[]): number {
  return sharedMedian(values) ?? Number.NaN;
}

export interface Row {
  measure: string;
  value: string;
  target?: string;
  note?: string;
}

export function printTable(title: string, rows: Row[]): string {
  const header = ['measure', 'value', 'target', 'note'];
  const cells = rows.map((r) => [r.measure, r.value, r.target ?? '', r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  const md = [
    `### ${title}`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
  console.log(`\n${md}\n`);
  return md;
}

export function writeResults(name: string, data: unknown, markdown: string): string {
  const dir = path.resolve('bench-results');
  mkdirSync(dir, { recursive: true });
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    logicalCores: os.availableParallelism(),
    node: process.version,
  };
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine, ...(data as object) }, null, 2));
  writeFileSync(path.join(dir, `${name}.md`), `${markdown}\n`);
  return file;
}
