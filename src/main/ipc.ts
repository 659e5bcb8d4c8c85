import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { INVOKE_CHANNELS, EVENT_CHANNELS, ContractError } from '../shared/contract';
import type { LabCore } from '../core/lab-core';

/** True when a message comes from the app's own top frame at the app's own URL. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const sender = new URL(frame.url);
    const expected = new URL(rendererUrl);
    return sender.origin === expected.origin && sender.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/**
 * Wires every invoke channel in the contract to the core, after checking who is asking.
 * Returns a function that removes the handlers and event forwarding again.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<LabCore, 'invoke' | 'subscribe'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed'>,
  rendererUrl: string,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, rendererUrl)) {
        console.error(`[gil-lab] refused ${channel} from untrusted frame ${event.senderFrame?.url ?? '(gone)'}`);
        throw new ContractError('invalid-message', 'sender not allowed');
      }
      return core.invoke(channel, payload);
    });
  }
  const unsubscribes = EVENT_CHANNELS.map((channel) =>
    core.subscribe(channel, (payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    }),
  );
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
