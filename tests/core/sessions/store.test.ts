import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SESSION_SCHEMA_VERSION } from '../../../src/shared/session';
import { describe, expect, it } from 'vitest';
import { SessionStore, SessionStoreError } from '../../../src/core/sessions/session-store';
import { encodeSessionFile } from '../../../src/core/sessions/session-file';
import { smallRun, smallSession, useTempDirs } from './helpers';

describe('SessionStore', () => {
  const tempDir = useTempDirs();

  it('keeps sessions across a reopen: create, append, rename, duplicate', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const created = await store.create('CPU lesson');
    await store.appendRun(created.id, smallRun({ index: 1 }));
    await store.appendRun(created.id, smallRun({ index: 2, cpu: 'Other CPU' }));
    await store.rename(created.id, 'CPU lesson, 2-core laptop');
    const copy = await store.duplicate(created.id);
    expect(copy.name).toBe('CPU lesson, 2-core laptop (copy)');

    const reopened = await SessionStore.open(dataDir);
    const list = reopened.list();
    expect(list.notices).toEqual([]);
    expect(list.sessions.map((s) => s.name).sort()).toEqual([
      'CPU lesson, 2-core laptop',
      'CPU lesson, 2-core laptop (copy)',
    ]);
    const summary = reopened.summary(created.id);
    expect(summary).toMatchObject({ runs: 2, saved: true, importedFrom: null });
    expect(summary.machines).toHaveLength(2);
    expect(summary.machines[1]).toContain('Other CPU');
    expect(reopened.get(created.id).runs).toEqual(store.get(created.id).runs);
    // One gzipped file per session, named from the id, in <data-dir>/sessions.
    const files = readdirSync(path.join(dataDir, 'sessions')).filter((f) => f.endsWith('.gz'));
    expect(files.sort()).toEqual([`${created.id}.session.json.gz`, `${copy.id}.session.json.gz`].sort());
    const onDisk = JSON.parse(gunzipSync(readFileSync(path.join(dataDir, 'sessions', files[0]!))).toString());
    expect(onDisk).toMatchObject({ format: 'gil-lab-session', schemaVersion: SESSION_SCHEMA_VERSION });
  });

  it('deletes to a trash that can be undone, across a reopen', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const { id } = await store.create('Keep me');
    await store.appendRun(id, smallRun());
    await expect(store.delete(id)).resolves.toEqual({ id, undoable: true });
    expect(store.list().sessions).toEqual([]);
    const reopened = await SessionStore.open(dataDir);
    expect(reopened.list().trash.map((s) => s.name)).toEqual(['Keep me']);
    expect(reopened.list().trash[0]!.deletedAt).not.toBeNull();
    await reopened.restore(id);
    expect(reopened.summary(id).runs).toBe(1);
    expect((await SessionStore.open(dataDir)).list().sessions.map((s) => s.name)).toEqual(['Keep me']);
  });

  it('empties trash older than its age limit when it opens', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const { id } = await store.create('Old');
    await store.delete(id);
    const later = new Date(Date.now() + 31 * 86_400_000);
    const reopened = await SessionStore.open(dataDir, { now: () => later });
    expect(reopened.list().trash).toEqual([]);
    expect(existsSync(path.join(dataDir, 'sessions', 'trash', `${id}.session.json.gz`))).toBe(false);
  });

  it.each([
    ['a path', '../../etc/passwd', /cannot contain \/ or \\/],
    ['a backslash', 'a\\b', /cannot contain \/ or \\/],
    ['..', '..', /cannot contain "\.\."/],
    ['a control character', 'bell\u0007', /control characters/],
    ['a bidi override', 'right-to-left \u202e', /control characters/],
    ['10 000 characters', 'x'.repeat(10_000), /at most 120 characters; this one has 10000/],
    ['only spaces', '   ', /cannot be empty/],
  ])('refuses a name with %s, and writes nothing', async (_label, name, reason) => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    await expect(store.create(name)).rejects.toThrow(reason);
    expect(readdirSync(path.join(dataDir, 'sessions'))).toEqual([]);
    expect(readdirSync(dataDir)).toEqual(['sessions']);
  });

  it('refuses a second session with the same name, and a rename onto one', async () => {
    const store = await SessionStore.open(tempDir());
    const a = await store.create('A');
    await store.create('B');
    await expect(store.create('A')).rejects.toThrow('a session named "A" already exists');
    await expect(store.rename(a.id, 'B')).rejects.toThrow('a session named "B" already exists');
    await expect(store.rename('no-such-id', 'C')).rejects.toThrow('no session with id "no-such-id"');
  });

  it('leaves a corrupt file where it is, byte for byte, with a notice and a listing, and still loads the others', async () => {
    const dataDir = tempDir();
    const dir = path.join(dataDir, 'sessions');
    mkdirSync(dir, { recursive: true });
    const good = smallSession('Good');
    writeFileSync(path.join(dir, `${good.id}.session.json.gz`), await encodeSessionFile(good));
    const bytes = await encodeSessionFile({ ...smallSession('Cut'), id: 'cut-000001' });
    writeFileSync(path.join(dir, 'cut-000001.session.json.gz'), bytes.subarray(0, bytes.length >> 1));
    writeFileSync(path.join(dir, 'text-000001.session.json.gz'), 'not a session');
    writeFileSync(
      path.join(dir, 'future-000001.session.json.gz'),
      JSON.stringify({ ...smallSession('Future'), schemaVersion: 9 }),
    );

    const store = await SessionStore.open(dataDir);
    const list = store.list();
    expect(list.sessions.map((s) => s.name)).toEqual(['Good']);
    expect(list.notices.map((n) => n.kind)).toEqual(['quarantined', 'quarantined', 'quarantined']);
    const messages = list.notices.map((n) => n.message).join('\n');
    expect(messages).toMatch(/cut-000001\.session\.json\.gz is truncated/);
    expect(messages).toMatch(/text-000001\.session\.json\.gz is not JSON/);
    expect(messages).toMatch(/future-000001\.session\.json\.gz was written by a newer GIL Lab/);
    // Neither moved nor rewritten: its writer may be a newer GIL Lab. Each is listed once, with why.
    expect(messages).toMatch(/it was left as it is and the other sessions loaded/);
    expect(readFileSync(path.join(dir, 'cut-000001.session.json.gz'))).toEqual(bytes.subarray(0, bytes.length >> 1));
    expect(readdirSync(dir).sort()).toEqual(
      [
        `${good.id}.session.json.gz`,
        'cut-000001.session.json.gz',
        'future-000001.session.json.gz',
        'text-000001.session.json.gz',
      ].sort(),
    );
    expect(list.foreign.map((f) => f.file).sort()).toEqual([
      'cut-000001.session.json.gz',
      'future-000001.session.json.gz',
      'text-000001.session.json.gz',
    ]);
    expect(list.foreign.find((f) => f.file.startsWith('cut'))!.reason).toMatch(/truncated/);
  });

  it('removes temp files a dead writer left behind, but only stale ones', async () => {
    const dataDir = tempDir();
    const dir = path.join(dataDir, 'sessions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '.x.session.json.gz.123.abcd.tmp'), 'partial');
    await SessionStore.open(dataDir);
    expect(readdirSync(dir)).toContain('.x.session.json.gz.123.abcd.tmp');
    await SessionStore.open(dataDir, { now: () => new Date(Date.now() + 3_600_000) });
    expect(readdirSync(dir)).not.toContain('.x.session.json.gz.123.abcd.tmp');
  });

  // Tests run as root, and chmod does not stop root from writing. A data folder whose parent
  // is a regular file can't be created by anyone, root included, so it stands in for a
  // read-only or missing folder; /proc stands in for a file system that refuses new files.
  it.each([
    [
      'under a regular file',
      (dir: string) => {
        writeFileSync(path.join(dir, 'file'), '');
        return path.join(dir, 'file', 'data');
      },
      /is not a folder that can be created or written/,
    ],
    ['in /proc', () => '/proc/gil-lab-test', /no permission|not a folder|could not be written|read-only/],
  ])(
    'keeps the session in memory with a clear error when the folder is unwritable (%s)',
    async (_label, make, reason) => {
      const store = await SessionStore.open(make(tempDir()));
      expect(store.usable).toBe(false);
      expect(store.list().notices[0]!.message).toMatch(reason);
      const created = await store.create('Unsaved');
      await store.appendRun(created.id, smallRun());
      const summary = store.summary(created.id);
      expect(summary.saved).toBe(false);
      expect(summary.saveError).toMatch(/^could not save "Unsaved": /);
      expect(summary.saveError).toMatch(reason);
      // The run is still there, to be exported and saved elsewhere.
      expect(store.get(created.id).runs).toHaveLength(1);
      expect(store.list().notices.some((n) => n.kind === 'save-failed')).toBe(true);
    },
  );

  it('saves a session that failed to save once the folder works again', async () => {
    const base = tempDir();
    const blocker = path.join(base, 'data');
    writeFileSync(blocker, '');
    const store = await SessionStore.open(blocker);
    const { id } = await store.create('Later');
    expect(store.summary(id).saved).toBe(false);
    // Free the path: the folder can now be created.
    (await import('node:fs')).rmSync(blocker);
    const seen: string[] = [];
    store.changed.add((c) => seen.push(`${c.reason} ${c.id}`));
    expect(await store.retrySaves()).toBe(1);
    expect(seen).toEqual([`saved ${id}`]);
    expect(store.summary(id).saved).toBe(true);
    expect((await SessionStore.open(blocker)).list().sessions.map((s) => s.name)).toEqual(['Later']);
  });

  it('remembers which session new runs go to, across a reopen, but never a deleted one', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const first = await store.create('First');
    const second = await store.create('Second');
    await store.setCurrent(first.id);
    await store.setCurrent(second.id);
    expect((await SessionStore.open(dataDir)).current).toBe(second.id);
    await store.delete(second.id);
    expect((await SessionStore.open(dataDir)).current).toBeNull();
    await store.setCurrent(null);
    expect((await SessionStore.open(dataDir)).current).toBeNull();
  });

  it('announces every change, so a library view can refresh', async () => {
    const store = await SessionStore.open(tempDir());
    const seen: string[] = [];
    store.changed.add((c) => seen.push(c.reason));
    const { id } = await store.create('Events');
    await store.appendRun(id, smallRun());
    store.setCurrent(id);
    await store.rename(id, 'Events 2');
    await store.delete(id);
    await store.restore(id);
    expect(seen).toEqual(['created', 'run-added', 'current-changed', 'renamed', 'deleted', 'restored']);
  });

  it('removes one run, saved at once, and puts it back in its place on undo', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const seen: string[] = [];
    store.changed.add((c) => seen.push(c.reason));
    const { id } = await store.create('Goes');
    for (const index of [1, 2, 3]) await store.appendRun(id, { ...smallRun({ index }), id: `go-${index}` });
    await expect(store.removeRun(id, 'go-2')).resolves.toEqual({ id, runId: 'go-2', undoable: true });
    expect(store.get(id).runs.map((r) => r.id)).toEqual(['go-1', 'go-3']);
    expect((await SessionStore.open(dataDir)).get(id).runs.map((r) => r.id)).toEqual(['go-1', 'go-3']);

    await store.restoreRun(id, 'go-2');
    const reopened = await SessionStore.open(dataDir);
    expect(reopened.get(id).runs.map((r) => r.id)).toEqual(['go-1', 'go-2', 'go-3']);
    expect(reopened.get(id).runs[1]).toEqual(store.get(id).runs[1]);
    expect(seen.slice(-2)).toEqual(['run-removed', 'run-restored']);
    // Put back once: a second undo has nothing to restore.
    await expect(store.restoreRun(id, 'go-2')).rejects.toThrow('no removed run "go-2" to put back');
  });

  it('refuses to remove or restore a run it doesn’t know, in one line, and changes nothing', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const { id } = await store.create('Lesson 1');
    await store.appendRun(id, { ...smallRun(), id: 'only' });
    const refusals: [Promise<unknown>, string][] = [
      [store.removeRun(id, 'nope'), '"Lesson 1" has no run "nope"'],
      [store.removeRun('no-such-session', 'only'), 'no session with id "no-such-session"'],
      [store.restoreRun(id, 'only'), 'no removed run "only" to put back'],
      [store.removeRun(id, `x\n${'y'.repeat(500)}`), `"Lesson 1" has no run "x\\n${'y'.repeat(78)}"`],
    ];
    for (const [refused, message] of refusals) {
      const error = await refused.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SessionStoreError);
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toContain('\n');
    }
    expect((await SessionStore.open(dataDir)).get(id).runs.map((r) => r.id)).toEqual(['only']);
  });
});
