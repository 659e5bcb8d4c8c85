import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appInfo } from '../../../src/core/app-info';
import { LabCore } from '../../../src/core/lab-core';
import { sourceWorkerLocator } from '../../support/workers';

/** The session channels through LabCore.invoke, the way both shells call them. */
describe('LabCore session channels', () => {
  const cores: LabCore[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const make = (sessions: boolean) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-core-sessions-'));
    dirs.push(dir);
    const core = new LabCore({
      app: appInfo('browser'),
      monitor: { locateWorker: sourceWorkerLocator, hz: 4 },
      sessions: sessions ? { dataDir: dir } : undefined,
      log: () => {},
    });
    cores.push(core);
    return core;
  };

  it('creates, lists and announces sessions, and refuses what the store refuses', async () => {
    const core = make(true);
    const changes: unknown[] = [];
    core.subscribe('session:changed', (c) => changes.push(c));
    const created = (await core.invoke('session:create', { name: 'Lesson' })) as { id: string };
    const list = (await core.invoke('session:list', undefined)) as { sessions: { name: string }[]; currentId: string };
    expect(list.sessions.map((s) => s.name)).toEqual(['Lesson']);
    expect(list.currentId).toBe(created.id);
    expect(changes).toContainEqual({ reason: 'created', id: created.id });
    await expect(core.invoke('session:create', { name: 'Lesson' })).rejects.toMatchObject({
      code: 'refused',
      message: 'a session named "Lesson" already exists',
    });
    await expect(core.invoke('session:rename', { id: created.id, name: 'a\u0000b' })).rejects.toMatchObject({
      code: 'refused',
    });
    await expect(core.invoke('session:get', { id: 'Not An Id' })).rejects.toMatchObject({ code: 'invalid-payload' });
    await expect(core.invoke('session:set-current', { id: null })).resolves.toEqual({ id: null });
  });

  it('refuses session requests on a host that keeps none', async () => {
    const core = make(false);
    await expect(core.invoke('session:list', undefined)).rejects.toMatchObject({
      code: 'refused',
      message: 'This host keeps no sessions.',
    });
    expect(typeof core.subscribe('session:changed', () => {})).toBe('function');
  });
});
