import { BRIDGE_GLOBAL } from '../../../shared/channels';
import type { GilLabBridge } from '../../../shared/bridge';
import { IpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { WebSocketTransport } from './ws-transport';

/** Inside Electron the preload has installed the bridge; anywhere else we are in browser mode. */
export function selectTransport(scope: object = window): Transport {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_GLOBAL] as GilLabBridge | undefined;
  return bridge ? new IpcTransport(bridge) : new WebSocketTransport();
}
