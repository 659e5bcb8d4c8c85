import { describe, expect, it, vi } from 'vitest';
import type { ShellHandlers } from '../../src/main/ipc';
import { INVOKE_CHANNELS, SHELL_INVOKE_CHANNELS } from '../../src/shared/contract';

vi.mock('electron', () => ({}));
const { isTrustedSender, registerIpc } = await import('../../src/main/ipc');

const APP_URL = 'file:///app/out/renderer/index.html';
/** No shell channels: the engine's alone. */
const ENGINE_ONLY = {} as ShellHandlers;
type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

/** A window that is open and takes whatever is sent to it. */
function aWindow() {
  return { send: vi.fn(), isDestroyed: () => false };
}

function eventFrom(url: string, parent: unknown = null) {
  return { senderFrame: { url, parent } };
}

describe('IPC wiring', () => {
  it('registers a handler for every invoke channel in the contract and removes them again', () => {
    const ipc = fakeIpcMain();
    const core = { invoke: vi.fn(), subscribe: vi.fn(() => () => {}) };
    const dispose = registerIpc(ipc as never, core as never, aWindow(), APP_URL, ENGINE_ONLY);
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes trusted requests to the core unchanged and returns its answer', async () => {
    const ipc = fakeIpcMain();
    const core = { invoke: vi.fn(async () => ({ hz: 7 })), subscribe: vi.fn(() => () => {}) };
    registerIpc(ipc as never, core as never, aWindow(), APP_URL, ENGINE_ONLY);
    await expect(ipc.handlers.get('monitor:set-rate')!(eventFrom(APP_URL), { hz: 7 })).resolves.toEqual({ hz: 7 });
    expect(core.invoke).toHaveBeenCalledWith('monitor:set-rate', { hz: 7 });
  });

  it.each([
    ['another origin', eventFrom('https://evil.example/index.html')],
    ['another page of the app', eventFrom('file:///app/out/renderer/other.html')],
    ['a subframe', eventFrom(APP_URL, { url: APP_URL })],
    ['a frame that is gone', { senderFrame: null }],
  ])('refuses a request from %s without calling the core', async (_label, event) => {
    const ipc = fakeIpcMain();
    const core = { invoke: vi.fn(), subscribe: vi.fn(() => () => {}) };
    registerIpc(ipc as never, core as never, aWindow(), APP_URL, ENGINE_ONLY);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(ipc.handlers.get('app:get-info')!(event, undefined)).rejects.toThrow(/sender not allowed/);
    spy.mockRestore();
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it("handles the shell's own channels beside the engine's, behind the same sender check", async () => {
    const ipc = fakeIpcMain();
    const core = { invoke: vi.fn(), subscribe: vi.fn(() => () => {}) };
    const saved: unknown[] = [];
    const shell = {
      'file:save': async (payload: unknown) => {
        saved.push(payload);
        return { saved: false, path: null };
      },
    };
    const dispose = registerIpc(ipc as never, core as never, aWindow(), APP_URL, shell);
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS, ...SHELL_INVOKE_CHANNELS].sort());
    await expect(ipc.handlers.get('file:save')!(eventFrom(APP_URL), { a: 1 })).resolves.toEqual({
      saved: false,
      path: null,
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(ipc.handlers.get('file:save')!(eventFrom('https://evil.example/'), { a: 2 })).rejects.toThrow(
      /sender not allowed/,
    );
    spy.mockRestore();
    expect(saved).toEqual([{ a: 1 }]);
    expect(core.invoke).not.toHaveBeenCalled();
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('forwards core events to the window until disposed, and not to a destroyed one', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const core = {
      invoke: vi.fn(),
      subscribe: vi.fn((channel: string, listener: (payload: unknown) => void) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      }),
    };
    const contents = { send: vi.fn(), isDestroyed: vi.fn(() => false) };
    const dispose = registerIpc(fakeIpcMain() as never, core as never, contents, APP_URL, ENGINE_ONLY);
    listeners.get('monitor:sampled')!({ seq: 1 });
    expect(contents.send).toHaveBeenCalledWith('monitor:sampled', { seq: 1 });
    contents.isDestroyed.mockReturnValue(true);
    listeners.get('monitor:sampled')!({ seq: 2 });
    expect(contents.send).toHaveBeenCalledTimes(1);
    dispose();
    expect(listeners.size).toBe(0);
  });

  it('accepts the dev server origin when that is the renderer URL', () => {
    expect(isTrustedSender(eventFrom('http://localhost:5173/') as never, 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender(eventFrom('http://localhost:5174/') as never, 'http://localhost:5173/')).toBe(false);
  });
});
