import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { createBridge } from '../../src/preload/bridge';
import { readSession } from '../../src/renderer/src/stores/session-documents';
import { IpcTransport } from '../../src/renderer/src/transport/ipc-transport';
import type { ShellHandlers } from '../../src/main/ipc';
import { folderWithLargeSession } from '../support/large-session';
import { sourceWorkerLocator } from '../support/workers';

vi.mock('electron', () => ({}));
const { registerIpc } = await import('../../src/main/ipc');

const APP_URL = 'file:///app/out/renderer/index.html';
type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

/**
 * The desktop path end to end but for Electron itself: the renderer's IpcTransport, the preload
 * bridge, the main process's handlers and the real engine on a real session file. What crosses
 * between them is structured-cloned, as Electron's IPC does.
 */
describe('a session read in pieces over IPC', () => {
  let core: LabCore;
  let folder: Awaited<ReturnType<typeof folderWithLargeSession>>;
  const handlers = new Map<string, Handler>();
  const invoked: string[] = [];

  beforeAll(async () => {
    folder = await folderWithLargeSession();
    core = new LabCore({
      app: appInfo('electron'),
      monitor: { locateWorker: sourceWorkerLocator },
      sessions: { dataDir: folder.dataDir },
      log: () => {},
    });
    const ipcMain = {
      handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    registerIpc(ipcMain as never, core, { send: () => {}, isDestroyed: () => false }, APP_URL, {} as ShellHandlers);
  }, 60_000);
  afterAll(async () => {
    await core?.close();
    folder?.remove();
  });

  /** What the preload is handed as ipcRenderer: each invoke reaches the main process's handler. */
  const ipcRenderer = {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push(channel);
      const event = { senderFrame: { url: APP_URL, parent: null } };
      return structuredClone(await handlers.get(channel)!(event, structuredClone(payload)));
    },
    on: () => {},
    removeListener: () => {},
  };

  it('arrives as one outline and several chunks, one invoke each, and is equal to the document', async () => {
    const transport = new IpcTransport(createBridge(ipcRenderer as never));
    invoked.length = 0;
    const doc = await readSession(transport, folder.doc.id);
    console.log(`read in ${invoked.length} invokes: ${invoked.join(', ')}`);
    expect(invoked[0]).toBe('session:read-begin');
    expect(invoked.filter((c) => c === 'session:read-chunk').length).toBeGreaterThanOrEqual(3);
    expect(doc).toEqual(folder.doc);
  });

  it('fails as the engine refuses, with its reason and without Electron’s wrapping', async () => {
    const transport = new IpcTransport(createBridge(ipcRenderer as never));
    const error = await readSession(transport, 'no-such-1').catch((e: unknown) => e);
    expect((error as Error).message).toBe('no session with id "no-such-1"');
  });
});
