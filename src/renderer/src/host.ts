import type { GilLabBridge } from '../../shared/bridge';
import {
  BRIDGE_EVENT_METHODS,
  BRIDGE_GLOBAL,
  BRIDGE_INVOKE_METHODS,
  BRIDGE_SHELL_METHODS,
} from '../../shared/channels';
import { DialogSaver, DownloadSaver, type FileSaver } from './lib/file-save';
import { FollowerTransport, isFollowPage } from './transport/follower-transport';
import { IpcTransport } from './transport/ipc-transport';
import type { Transport } from './transport/transport';
import { WebSocketTransport } from './transport/ws-transport';

/** What the renderer needs from whatever hosts it: the way to the engine, and where files go. */
export interface Host {
  transport: Transport;
  fileSaver: FileSaver;
  /** A student following the teacher from a join address: a read-only page. */
  follower: boolean;
}

const BRIDGE_METHODS = [
  ...Object.keys(BRIDGE_INVOKE_METHODS),
  ...Object.keys(BRIDGE_EVENT_METHODS),
  ...Object.keys(BRIDGE_SHELL_METHODS),
];

/** The preload's bridge, if the scope has all of it; anything less is not the desktop app's. */
function bridgeIn(scope: object): GilLabBridge | null {
  const value = (scope as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (typeof value !== 'object' || value === null) return null;
  const methods = value as Record<string, unknown>;
  return BRIDGE_METHODS.every((name) => typeof methods[name] === 'function') ? (value as GilLabBridge) : null;
}

/**
 * Where the renderer runs, decided once for both needs. Inside Electron the preload has
 * installed the bridge: the engine and the native save dialog are both reached through it.
 * Anywhere else this is browser mode: a WebSocket to the server that served the page, and
 * files are downloaded as any page would.
 */
export function selectHost(scope: object = window): Host {
  const bridge = bridgeIn(scope);
  if (bridge) return { transport: new IpcTransport(bridge), fileSaver: new DialogSaver(bridge), follower: false };
  if (isFollowPage()) return { transport: new FollowerTransport(), fileSaver: new DownloadSaver(), follower: true };
  return { transport: new WebSocketTransport(), fileSaver: new DownloadSaver(), follower: false };
}
