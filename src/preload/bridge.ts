import type { IpcRenderer } from 'electron';
import { BRIDGE_EVENT_METHODS, BRIDGE_INVOKE_METHODS, BRIDGE_SHELL_METHODS } from '../shared/channels';
import type { GilLabBridge } from '../shared/bridge';

/**
 * Builds the object the renderer sees as `window.gilLab`: one function per message. Listeners
 * receive only the payload, never the IPC event, and every subscription returns its own
 * unsubscribe function.
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): GilLabBridge {
  const bridge: Record<string, unknown> = {};
  for (const [method, channel] of [...Object.entries(BRIDGE_INVOKE_METHODS), ...Object.entries(BRIDGE_SHELL_METHODS)]) {
    // Forwarded as given, absent for a channel that takes none; the main process checks it.
    bridge[method] = (request?: unknown) => ipc.invoke(channel, request);
  }
  for (const [method, channel] of Object.entries(BRIDGE_EVENT_METHODS)) {
    bridge[method] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${method} needs a listener function`);
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(bridge) as GilLabBridge;
}
