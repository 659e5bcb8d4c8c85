import path from 'node:path';
import { writeFileAtomic } from '../core/sessions/atomic-write';
import { exportSession } from '../core/sessions/export';
import { SessionStore, SessionStoreError } from '../core/sessions/session-store';
import type { SessionExportFormat, SessionList, SessionSummary } from '../shared/session-contract';
import { CliError } from './args';

/** The store for --data-dir; a folder that can't be used is an error here, not a silent memory-only store. */
export async function openStore(dataDir: string): Promise<SessionStore> {
  const store = await SessionStore.open(dataDir);
  const unusable = store.list().notices.find((n) => n.kind === 'storage-unavailable');
  if (unusable) throw new CliError(unusable.message);
  for (const notice of store.list().notices) console.error(`gil-lab: note: ${notice.message}`);
  return store;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function machineColumn(s: SessionSummary): string {
  if (s.machines.length === 0) return '–';
  return s.machines.length === 1 ? s.machines[0]! : `${s.machines[0]} (+${s.machines.length - 1} more)`;
}

export async function listSessions(dataDir: string, json: boolean): Promise<number> {
  const store = await openStore(dataDir);
  // A CLI process holds no runs outside a session: each run it makes is kept or refused at once.
  const list: SessionList = { ...store.list(), unsavedRuns: [] };
  if (json) {
    console.log(JSON.stringify(list, null, 2));
    return 0;
  }
  for (const entry of list.foreign) console.error(`gil-lab: not a GIL Lab session: ${entry.file} ${entry.reason}`);
  if (list.sessions.length === 0) {
    console.log(`No sessions in ${list.dir}`);
    return 0;
  }
  const rows = [['name', 'runs', 'machine', 'updated']];
  for (const s of list.sessions) {
    rows.push([
      s.importedFrom === null ? s.name : `${s.name} (imported)`,
      String(s.runs),
      machineColumn(s),
      s.updatedAt.replace('T', ' ').slice(0, 16),
    ]);
  }
  console.log(table(rows));
  return 0;
}

export async function exportCommand(
  dataDir: string,
  name: string,
  format: SessionExportFormat | 'csv',
  out: string | undefined,
): Promise<number> {
  const store = await openStore(dataDir);
  const doc = store.find(name);
  if (!doc)
    throw new CliError(`no session named "${name.slice(0, 120)}" in ${store.dir}; see "npm run lab -- sessions"`);
  if (format === 'csv') {
    const base = out!.replace(/\.csv$/i, '');
    for (const part of ['runs', 'samples'] as const) {
      const file = `${base}-${part}.csv`;
      await writeOut(file, exportSession(doc, `csv-${part}`).text);
      console.log(`wrote ${file}`);
    }
    return 0;
  }
  const { text } = exportSession(doc, format);
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeOut(out, text);
  console.log(`wrote ${out}`);
  return 0;
}

async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path.resolve(file), text);
  } catch (error) {
    throw new CliError(`could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function importCommand(dataDir: string, file: string, json: boolean): Promise<number> {
  const store = await openStore(dataDir);
  const summary = await store.importFile(file);
  if (!summary.saved) throw new CliError(summary.saveError ?? 'the import could not be saved');
  if (json) console.log(JSON.stringify(summary, null, 2));
  else {
    const renamed = summary.importedFrom !== summary.name ? ` as "${summary.name}"` : '';
    console.log(
      `imported "${summary.importedFrom}"${renamed}: ${summary.runs} run${summary.runs === 1 ? '' : 's'}, into ${store.dir}`,
    );
  }
  return 0;
}

export { SessionStoreError };
