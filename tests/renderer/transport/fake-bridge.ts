import type { GilLabBridge } from '../../../src/shared/bridge';
import {
  BRIDGE_EVENT_METHODS,
  BRIDGE_INVOKE_METHODS,
  type EventChannel,
  type InvokeChannel,
} from '../../../src/shared/channels';

/**
 * A stand-in for what the preload puts on `window.gilLab`: plain functions, one per message.
 * Invoke methods answer through `answer`; events are pushed by the test with `emit`.
 */
export function fakeBridge(
  answer: (channel: InvokeChannel, request: unknown) => unknown = () => undefined,
  saveFile: (request: unknown) => Promise<unknown> = async () => ({ saved: false, path: null }),
) {
  const calls: { method: string; request: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const bridge: Record<string, unknown> = { saveFile };
  for (const [method, channel] of Object.entries(BRIDGE_INVOKE_METHODS)) {
    bridge[method] = async (request?: unknown) => {
      calls.push({ method, request });
      return answer(channel, request);
    };
  }
  for (const [method, channel] of Object.entries(BRIDGE_EVENT_METHODS)) {
    bridge[method] = (listener: (payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => listeners.get(channel)!.delete(listener);
    };
  }
  return {
    bridge: bridge as GilLabBridge,
    calls,
    emit(channel: EventChannel, payload: unknown): void {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
    listenerCount: (channel: EventChannel): number => listeners.get(channel)?.size ?? 0,
  };
}
