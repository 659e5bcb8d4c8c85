import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  ContractError,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type InvokeChannel,
  type ShellInvokeChannel,
} from '../shared/contract';
import type { LabCore } from '../core/lab-core';

/** Answers one channel. The payload arrives unchecked: the handler checks it against the contract. */
export type ChannelHandler = (payload: unknown) => unknown;
/** The channels the desktop shell answers itself rather than the engine (SHELL_INVOKE_CHANNELS). */
export type ShellHandlers = Record<ShellInvokeChannel, ChannelHandler>;

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
 * Handles each channel for the app's own top frame only: every channel, the engine's and the
 * shell's, is registered here, so the sender check exists once. Returns a function that removes
 * the handlers again.
 */
export function handleFromApp(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Partial<Record<InvokeChannel | ShellInvokeChannel, ChannelHandler>>,
  rendererUrl: string,
): () => void {
  const channels = Object.keys(handlers) as (keyof typeof handlers)[];
  for (const channel of channels) {
    const handler = handlers[channel]!;
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, rendererUrl)) {
        console.error(`[gil-lab] refused ${channel} from untrusted frame ${event.senderFrame?.url ?? '(gone)'}`);
        throw new ContractError('invalid-message', 'sender not allowed');
      }
      return handler(payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * Wires every invoke channel in the contract to the core and each of the shell's own channels to
 * its handler, all through handleFromApp, and forwards the core's events to the window.
 * Returns a function that removes the handlers and event forwarding again.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<LabCore, 'invoke' | 'subscribe'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed'>,
  rendererUrl: string,
  shell: ShellHandlers,
): () => void {
  const engine = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [channel, (payload: unknown) => core.invoke(channel, payload)]),
  );
  const unhandle = handleFromApp(ipcMain, { ...engine, ...shell }, rendererUrl);
  const unsubscribes = EVENT_CHANNELS.map((channel) =>
    core.subscribe(channel, (payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    }),
  );
  return () => {
    unhandle();
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
