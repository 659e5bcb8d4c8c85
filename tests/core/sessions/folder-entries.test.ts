import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { encodeSessionFile } from '../../../src/core/sessions/session-file';
import { SessionStore } from '../../../src/core/sessions/session-store';
import { SessionListSchema } from '../../../src/shared/session-contract';
import { sourceWorkerLocator } from '../../support/workers';
import { smallSession, useTempDirs } from './helpers';
import { runLabCli } from './support/lab-cli';

/** What `npm run lab -- sessions --json` lists for `dataDir`, with how the process went. */
async function cliList(dataDir: string, options: { maxRssMb?: number } = {}) {
  const outcome = await runLabCli(['sessions', '--json', '--data-dir', dataDir], { timeoutMs: 10_000, ...options });
  console.log(
    `lab sessions: ${outcome.ms} ms, peak RSS ${outcome.peakRssMb.toFixed(0)} MB${outcome.killed ? `, killed: ${outcome.killed}` : ''}`,
  );
  expect(outcome.killed).toBeNull();
  expect(outcome.code).toBe(0);
  return SessionListSchema.parse(JSON.parse(outcome.stdout));
}

function sessionsDir(dataDir: string): string {
  const dir = path.join(dataDir, 'sessions');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('a data folder holding things that are not GIL Lab sessions', () => {
  const tempDir = useTempDirs();

  it('lists a FIFO named like a session without opening it, and the CLI answers at once', async () => {
    const dataDir = tempDir();
    const dir = sessionsDir(dataDir);
    const good = smallSession('Good');
    writeFileSync(path.join(dir, `${good.id}.session.json.gz`), await encodeSessionFile(good));
    const fifo = path.join(dir, 'x.session.json.gz');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);

    const list = await cliList(dataDir);
    expect(list.sessions.map((s) => s.name)).toEqual(['Good']);
    expect(list.foreign).toEqual([{ file: 'x.session.json.gz', reason: 'is a named pipe, not a file' }]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('keeps a finished run while a FIFO sits in the folder, and lists it for the engine too', async () => {
    const dataDir = tempDir();
    const dir = sessionsDir(dataDir);
    expect(spawnSync('mkfifo', [path.join(dir, 'x.session.json.gz')]).status).toBe(0);
    const core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
      sessions: { dataDir },
      log: () => {},
    });
    try {
      const listed = Promise.race([
        core.invoke('session:list', undefined),
        new Promise((_, reject) => setTimeout(() => reject(new Error('session:list never answered')), 5000)),
      ]);
      const list = SessionListSchema.parse(await listed);
      expect(list.foreign.map((f) => f.file)).toEqual(['x.session.json.gz']);
      const created = (await core.invoke('session:create', { name: 'Beside a pipe' })) as { id: string };
      expect(created.id).toMatch(/^beside-a-pipe-/);
    } finally {
      // Were the store stuck on the pipe, a writer that opens and closes it lets the read end.
      spawnSync('sh', ['-c', `exec 3>"${path.join(dir, 'x.session.json.gz')}"`], { timeout: 2000 });
      await core.close();
    }
  });

  it('never reads through a symlink to /dev/zero: bounded memory, listed with its reason', async () => {
    const dataDir = tempDir();
    const dir = sessionsDir(dataDir);
    symlinkSync('/dev/zero', path.join(dir, 'zero-abc123.session.json.gz'));
    const list = await cliList(dataDir, { maxRssMb: 600 });
    expect(list.sessions).toEqual([]);
    expect(list.foreign).toEqual([
      {
        file: 'zero-abc123.session.json.gz',
        reason: 'is a symbolic link; GIL Lab opens only files it wrote there itself',
      },
    ]);
    expect(readlinkSync(path.join(dir, 'zero-abc123.session.json.gz'))).toBe('/dev/zero');
  });

  it('lists a valid session whose file name is not a session id, and never rewrites, renames or replaces anything', async () => {
    const dataDir = tempDir();
    const dir = sessionsDir(dataDir);
    const elsewhere = tempDir();
    const lesson = await encodeSessionFile(smallSession('Lesson 1'));
    const lessonFile = path.join(dir, 'Lesson1.session.json.gz');
    writeFileSync(lessonFile, lesson);
    // A link named like a session, to a valid session kept elsewhere.
    const target = path.join(elsewhere, 'shared.session.json.gz');
    writeFileSync(target, await encodeSessionFile({ ...smallSession('Shared'), id: 'shared-000001' }));
    const link = path.join(dir, 'linked-abc123.session.json.gz');
    symlinkSync(target, link);
    // A copy of a session under another valid id, with the same name as one already here.
    const original = { ...smallSession('Lesson 2'), id: 'lesson-2-aaaaaa' };
    writeFileSync(path.join(dir, 'lesson-2-aaaaaa.session.json.gz'), await encodeSessionFile(original));
    const copyBytes = await encodeSessionFile(original);
    const copyFile = path.join(dir, 'lesson-2-bbbbbb.session.json.gz');
    writeFileSync(copyFile, copyBytes);
    const before = [lessonFile, target, copyFile].map((f) => ({
      bytes: readFileSync(f),
      mtimeMs: statSync(f).mtimeMs,
    }));

    const store = await SessionStore.open(dataDir);
    const engine = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
      sessions: { dataDir },
      log: () => {},
    });
    try {
      // Through the contract, whose own schema checks the answer on the way out.
      const list = SessionListSchema.parse(await engine.invoke('session:list', undefined));
      expect(SessionListSchema.parse({ ...store.list(), unsavedRuns: [] }).foreign).toEqual(list.foreign);
      expect(list.sessions.map((s) => [s.id, s.name]).sort()).toEqual([
        ['lesson-2-aaaaaa', 'Lesson 2'],
        ['lesson-2-bbbbbb', 'Lesson 2 (2)'],
      ]);
      expect(list.foreign).toEqual([
        {
          file: 'Lesson1.session.json.gz',
          reason: 'has a name GIL Lab never gives a session file; import it to add it to the library',
        },
        {
          file: 'linked-abc123.session.json.gz',
          reason: 'is a symbolic link; GIL Lab opens only files it wrote there itself',
        },
      ]);
      // A second client asking again gets the same answer, listed once.
      expect(SessionListSchema.parse(await engine.invoke('session:list', undefined)).foreign).toHaveLength(2);
    } finally {
      await engine.close();
    }
    const after = [lessonFile, target, copyFile].map((f) => ({ bytes: readFileSync(f), mtimeMs: statSync(f).mtimeMs }));
    expect(after).toEqual(before);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    const names = (await import('node:fs')).readdirSync(dir).sort();
    expect(names).toEqual([
      'Lesson1.session.json.gz',
      'lesson-2-aaaaaa.session.json.gz',
      'lesson-2-bbbbbb.session.json.gz',
      'linked-abc123.session.json.gz',
    ]);
  });
});
