import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import path from 'node:path';
import { writeFileAtomic } from '../core/sessions/atomic-write';
import { describeFsError } from '../core/sessions/fs-errors';
import { ContractError, parseShellRequest, type FileSaveResponse } from '../shared/contract';
import type { ShellHandlers } from './ipc';

export interface FileSaveDeps {
  /** The native save dialog, modal to the app's window. */
  showSaveDialog: (options: SaveDialogOptions) => Promise<SaveDialogReturnValue>;
  /** The folder the dialog opens in (the user's Downloads). */
  defaultDir: string;
  writeFile?: (file: string, data: Uint8Array | string) => Promise<void>;
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  json: { name: 'GIL Lab session (JSON)', extensions: ['json'] },
  csv: { name: 'CSV', extensions: ['csv'] },
  md: { name: 'Markdown', extensions: ['md'] },
  html: { name: 'HTML report', extensions: ['html'] },
  png: { name: 'PNG image', extensions: ['png'] },
};

/**
 * The file name part of what the renderer suggests, safe on every OS: no folder, no control
 * characters, none of the characters Windows refuses, not only dots.
 */
export function safeFileName(suggested: string): string {
  const base = suggested.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '-')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200);
  return cleaned || 'export';
}

/**
 * Saves what the renderer exported where the user says, through the native dialog: the
 * renderer can't name a path itself, only suggest a file name. The write is atomic, so a file
 * being replaced is never left half-written.
 */
export async function saveFile(payload: unknown, deps: FileSaveDeps): Promise<FileSaveResponse> {
  const request = parseShellRequest('file:save', payload);
  const name = safeFileName(request.suggestedName);
  const ext = path.extname(name).slice(1).toLowerCase();
  const filter = FILTERS[ext];
  const choice = await deps.showSaveDialog({
    title: 'Save from GIL Lab',
    defaultPath: path.join(deps.defaultDir, name),
    filters: [...(filter ? [filter] : []), { name: 'All files', extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { saved: false, path: null };
  const data = 'text' in request ? request.text : Buffer.from(request.base64, 'base64');
  try {
    await (deps.writeFile ?? writeFileAtomic)(choice.filePath, data);
  } catch (error) {
    const file = path.basename(choice.filePath);
    throw new ContractError(
      'refused',
      `could not save "${file}": ${describeFsError(error, path.dirname(choice.filePath))}`,
    );
  }
  return { saved: true, path: choice.filePath };
}

/** file:save, answered through the native dialog; registered with every other channel by registerIpc. */
export function fileSaveHandlers(deps: FileSaveDeps): Pick<ShellHandlers, 'file:save'> {
  return { 'file:save': (payload) => saveFile(payload, deps) };
}
