import { inject, type InjectionKey } from 'vue';
import { parseShellResponse, type FileSaveResponse } from '../../../shared/contract';
import type { GilLabBridge } from '../../../shared/bridge';
import { remoteErrorMessage } from '../transport/remote-error';

/** A file the renderer made (an export, a PNG) and wants kept somewhere the user chooses. */
export interface OutgoingFile {
  name: string;
  mediaType: string;
  /** Text exports are passed as text; images as a Blob. */
  content: string | Blob;
}

/** Whether it was kept, and where if known: the desktop app's chosen path. A download's folder is the browser's. */
export type SaveOutcome = FileSaveResponse;

/**
 * Where exports go. In the desktop app that is the native save dialog (the shell's file:save);
 * in browser mode there is no such channel, and the file is downloaded as any page would.
 */
export interface FileSaver {
  readonly kind: 'dialog' | 'download';
  save(file: OutgoingFile): Promise<SaveOutcome>;
}

export const FileSaverKey: InjectionKey<FileSaver> = Symbol('file-saver');

/** The app's file saver, in a store's or component's setup; the host provides it (see host.ts). */
export function useFileSaver(): FileSaver {
  const saver = inject(FileSaverKey, null);
  if (!saver) throw new Error('No file saver provided to the app');
  return saver;
}

/** What a person is told after a save: where the file went, or that they cancelled it. */
export function describeSave(outcome: SaveOutcome, fileName: string, cancelled: string): string {
  if (!outcome.saved) return cancelled;
  return outcome.path ? `Saved ${outcome.path}.` : `Downloaded ${fileName}.`;
}

export class DialogSaver implements FileSaver {
  readonly kind = 'dialog' as const;
  constructor(private readonly bridge: Pick<GilLabBridge, 'saveFile'>) {}

  async save(file: OutgoingFile): Promise<SaveOutcome> {
    const payload =
      typeof file.content === 'string'
        ? { suggestedName: file.name, mediaType: file.mediaType, text: file.content }
        : { suggestedName: file.name, mediaType: file.mediaType, base64: await blobToBase64(file.content) };
    let answer: unknown;
    try {
      answer = await this.bridge.saveFile(payload);
    } catch (error) {
      throw new Error(remoteErrorMessage(error), { cause: error });
    }
    return parseShellResponse('file:save', answer);
  }
}

export class DownloadSaver implements FileSaver {
  readonly kind = 'download' as const;
  constructor(private readonly doc: Document = document) {}

  async save(file: OutgoingFile): Promise<SaveOutcome> {
    const blob =
      typeof file.content === 'string'
        ? new Blob([file.content], { type: `${file.mediaType};charset=utf-8` })
        : file.content;
    const url = URL.createObjectURL(blob);
    const a = this.doc.createElement('a');
    a.href = url;
    a.download = file.name;
    a.rel = 'noopener';
    a.hidden = true;
    this.doc.body.append(a);
    try {
      a.click();
    } finally {
      a.remove();
      // The download has taken its copy by the time the click returns in Chromium; the delay
      // only covers browsers that read the URL a little later.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
    return { saved: true, path: null };
  }
}

export async function blobToBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

/** Base64 of bytes, built in slices so a large array never becomes one huge argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  }
  return btoa(binary);
}
