import type { SessionDocument } from '../../../shared/session';
import { round, runRows } from './rows';

/** A cell that can't break the table: pipes and backslashes escaped, line breaks flattened. */
export function mdCell(value: string | number | null): string {
  if (value === null) return '–';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([`*_[\]<>#])/g, '\\$1');
}

/** A results table ready to paste into a write-up, with the machines listed under it. */
export function exportMarkdown(doc: SessionDocument): string {
  const rows = runRows(doc);
  const machines = [...new Set(rows.map((r) => r.machine))];
  const lines = [
    `## ${mdCell(doc.name)}`,
    '',
    `${rows.length} run${rows.length === 1 ? '' : 's'}, from ${doc.createdAt} to ${doc.updatedAt}` +
      (doc.imported ? `; imported from "${mdCell(doc.imported.originalName)}"` : '') +
      '.',
    '',
    '| # | workload | mode | workers | tasks | wall (median) | sequential | speedup | busy cores | verified | machine |',
    '| -: | --- | --- | -: | -: | -: | -: | -: | -: | --- | --- |',
  ];
  for (const r of rows) {
    const machine = machines.length > 1 ? `M${machines.indexOf(r.machine) + 1}` : 'M1';
    lines.push(
      `| ${r.run} | ${mdCell(r.workload)} | ${mdCell(r.mode)} | ${r.workers} | ${r.tasks} | ${round(r.wallMsMedian, 0)} ms | ` +
        `${r.sequentialWallMs === null ? '–' : `${round(r.sequentialWallMs, 0)} ms`} | ` +
        `${r.speedup === null ? '–' : `${round(r.speedup, 2)}×`} | ${round(r.busyCores, 2)} | ${r.verified ? 'yes' : 'NO'} | ${machine} |`,
    );
  }
  lines.push('');
  machines.forEach((m, i) => lines.push(`- **M${i + 1}**: ${mdCell(m)}`));
  if (rows.length > 0) {
    const first = rows[0]!;
    lines.push(
      '',
      `Measured with GIL Lab ${mdCell(first.appVersion)} on Node ${mdCell(first.nodeVersion)}` +
        `${first.electronVersion ? ` and Electron ${mdCell(first.electronVersion)}` : ''}. ` +
        'Busy cores = CPU time ÷ wall time; speedup = sequential wall ÷ wall.',
    );
  }
  return `${lines.join('\n')}\n`;
}
