import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { encodeSessionFile } from '../../../src/core/sessions/session-file';
import { SessionStore } from '../../../src/core/sessions/session-store';
import type { SessionChanged } from '../../../src/shared/session-contract';
import { sourceWorkerLocator } from '../../support/workers';
import { smallRun, useTempDirs } from './helpers';

const WRITER = path.join(import.meta.dirname, 'support', 'session-writer.ts');

/** Resolves with the first change `accept` takes, or fails after `timeoutMs`. */
function nextChange(
  subscribe: (listener: (change: SessionChanged) => void) => () => void,
  accept: (change: SessionChanged) => boolean,
  timeoutMs = 8000,
): Promise<SessionChanged> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no such change arrived'));
    }, timeoutMs);
    const off = subscribe((change) => {
      if (!accept(change)) return;
      clearTimeout(timer);
      off();
      resolve(change);
    });
  });
}

/** A GIL Lab in another process appends a run to session `name` in `dataDir`; resolves with its id. */
function writeFromAnotherProcess(dataDir: string, name: string, index: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, name, String(index)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`writer exited with ${code}`)))),
  );
}

describe('sessions another GIL Lab writes to the same folder', () => {
  const tempDir = useTempDirs();

  it('are taken in as they are saved, announced as external, and dropped when removed there', async () => {
    const dataDir = tempDir();
    const mine = await SessionStore.open(dataDir);
    const stop = mine.watch({ debounceMs: 50 });
    const other = await SessionStore.open(dataDir);
    try {
      const arrived = nextChange(
        (l) => mine.changed.add(l),
        (c) => c.reason === 'external',
      );
      const { id } = await other.create('From the other window');
      await other.appendRun(id, smallRun({ index: 1 }));
      expect(await arrived).toEqual({ reason: 'external', id });
      // The create and the append may come in one look or two: wait for both.
      await until(() => mine.list().sessions[0]?.runs === 1);
      expect(mine.get(id)).toEqual(other.get(id));
      expect(mine.summary(id)).toMatchObject({ name: 'From the other window', saved: true });

      // What this store writes itself is not announced as external.
      const own = await mine.create('Mine');
      const seen: SessionChanged[] = [];
      const off = mine.changed.add((c) => seen.push(c));
      await mine.appendRun(own.id, smallRun({ index: 2 }));
      await new Promise((resolve) => setTimeout(resolve, 400));
      off();
      expect(seen).toEqual([{ reason: 'run-added', id: own.id }]);

      const removed = nextChange(
        (l) => mine.changed.add(l),
        (c) => c.reason === 'external' && c.id === id,
      );
      await other.delete(id);
      await removed;
      expect(mine.find('From the other window')).toBeUndefined();
    } finally {
      stop();
    }
  });

  it('keeps both runs when two stores append to one session, the other’s taken in first', async () => {
    const dataDir = tempDir();
    const a = await SessionStore.open(dataDir);
    const { id } = await a.create('Shared');
    const b = await SessionStore.open(dataDir);
    await b.appendRun(id, { ...smallRun({ index: 1 }), id: 'from-b' });
    // a doesn't watch, and still doesn't overwrite b's run with its own.
    await a.appendRun(id, { ...smallRun({ index: 2 }), id: 'from-a' });
    expect(a.get(id).runs.map((r) => r.id)).toEqual(['from-b', 'from-a']);
    expect((await SessionStore.open(dataDir)).get(id).runs.map((r) => r.id)).toEqual(['from-b', 'from-a']);
  });

  it('leaves a file another wrote that fails the checks where it is, says so once, and takes it once fixed', async () => {
    const dataDir = tempDir();
    const mine = await SessionStore.open(dataDir);
    const stop = mine.watch({ debounceMs: 50 });
    try {
      const file = path.join(mine.dir, 'broken-abc123.session.json.gz');
      // Set aside like a bad file at opening (a notice, announced), but not moved: its writer may be a newer GIL Lab.
      const refused = nextChange(
        (l) => mine.changed.add(l),
        (c) => c.reason === 'quarantined',
      );
      writeFileSync(file, 'not a session');
      await refused;
      expect(existsSync(file)).toBe(true);
      const notices = mine.list().notices.filter((n) => n.message.includes('broken-abc123'));
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message).toMatch(/written by another GIL Lab and is not JSON .*; it was left as it is$/);
      expect(mine.list().sessions).toEqual([]);

      const other = await SessionStore.open(tempDir());
      const { id } = await other.create('Fixed');
      const taken = nextChange(
        (l) => mine.changed.add(l),
        (c) => c.reason === 'external',
      );
      writeFileSync(file, await encodeSessionFile({ ...other.get(id), id: 'broken-abc123' }));
      await taken;
      expect(mine.get('broken-abc123').name).toBe('Fixed');
      expect(mine.list().notices.filter((n) => n.message.includes('broken-abc123'))).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('looks every few seconds instead where the folder can’t be watched, or the watch breaks', async () => {
    for (const broken of [
      () => {
        throw Object.assign(new Error('too many watchers'), { code: 'ENOSPC' });
      },
      () => {
        const watcher = new EventEmitter() as FSWatcher;
        Object.assign(watcher, { close: () => {}, unref: () => watcher });
        setTimeout(() => watcher.emit('error', new Error('the watched folder went away')), 20);
        return watcher;
      },
    ]) {
      const dataDir = tempDir();
      const mine = await SessionStore.open(dataDir);
      const stop = mine.watch({ pollMs: 100, watch: broken });
      try {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const arrived = nextChange(
          (l) => mine.changed.add(l),
          (c) => c.reason === 'external',
        );
        const { id } = await (await SessionStore.open(dataDir)).create('Polled');
        expect(await arrived).toEqual({ reason: 'external', id });
      } finally {
        stop();
      }
    }
  });

  it('reach a running LabCore’s library from another process, as session:changed', async () => {
    const dataDir = tempDir();
    const core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
      sessions: { dataDir },
      log: () => {},
    });
    try {
      await core.invoke('session:list', undefined);
      const arrived = nextChange(
        (l) => core.subscribe('session:changed', l),
        (c) => c.reason === 'external',
      );
      const id = await writeFromAnotherProcess(dataDir, 'From the CLI', 1);
      expect(await arrived).toEqual({ reason: 'external', id });
      await until(async () => ((await core.invoke('session:get', { id })) as { runs: unknown[] }).runs.length === 1);
      const list = (await core.invoke('session:list', undefined)) as { sessions: { name: string; runs: number }[] };
      expect(list.sessions).toEqual([expect.objectContaining({ name: 'From the CLI', runs: 1 })]);
    } finally {
      await core.close();
    }
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
