import { describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_EVENT_METHODS,
  BRIDGE_GLOBAL,
  BRIDGE_INVOKE_METHODS,
  BRIDGE_SHELL_METHODS,
} from '../../src/shared/channels';

const exposed = vi.hoisted(() => ({ name: '', api: undefined as unknown }));
const ipcRenderer = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ channel, payload })),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
    send: vi.fn(),
  };
});

vi.mock('electron', () => ({
  ipcRenderer,
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => {
      exposed.name = name;
      exposed.api = api;
    },
  },
}));

await import('../../src/preload/index');
const api = exposed.api as Record<string, (...args: unknown[]) => unknown>;

describe('preload bridge', () => {
  it(`exposes exactly one method per message on window.${BRIDGE_GLOBAL}, and nothing else`, () => {
    expect(exposed.name).toBe(BRIDGE_GLOBAL);
    expect(Object.keys(api).sort()).toEqual(
      [
        ...Object.keys(BRIDGE_INVOKE_METHODS),
        ...Object.keys(BRIDGE_EVENT_METHODS),
        ...Object.keys(BRIDGE_SHELL_METHODS),
      ].sort(),
    );
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
    // Not the IPC object, nor any of its methods.
    expect(Object.values(api)).not.toContain(ipcRenderer.invoke);
    expect(Object.values(api)).not.toContain(ipcRenderer.send);
  });

  it('maps each invoke method to its channel', async () => {
    await expect(api.setMonitorRate!({ hz: 3 })).resolves.toEqual({ channel: 'monitor:set-rate', payload: { hz: 3 } });
    await expect(api.getAppInfo!()).resolves.toEqual({ channel: 'app:get-info', payload: undefined });
    const file = { suggestedName: 'a.md', mediaType: 'text/markdown', text: '# a' };
    await expect(api.saveFile!(file)).resolves.toEqual({ channel: 'file:save', payload: file });
  });

  it('hands listeners the payload only, never the IPC event, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = api.onMonitorSampled!((...args: unknown[]) => seen.push(args)) as () => void;
    const rawEvent = { sender: { send: () => {} }, ports: [] };
    for (const listener of ipcRenderer.listeners.get('monitor:sampled')!) listener(rawEvent, { seq: 9 });
    expect(seen).toEqual([[{ seq: 9 }]]);
    off();
    expect(ipcRenderer.listeners.get('monitor:sampled')!.size).toBe(0);
  });

  it('refuses a subscription without a function', () => {
    expect(() => api.onMonitorCostMeasured!('not a function')).toThrow(TypeError);
  });
});
