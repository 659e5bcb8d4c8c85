import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SessionSummary } from '../../../shared/session-contract';
import { bytesToBase64 } from '../lib/file-save';
import { oneLine, type Outcome } from '../lib/outcome';
import { useTransport } from '../transport/transport';
import { useNotifications } from './notifications';
import { useSessionLibrary } from './session-library';

export interface ImportProgress {
  fileName: string;
  totalBytes: number;
  sentBytes: number;
  phase: 'sending' | 'checking';
}

class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
}

/**
 * Importing a session file: one at a time, in the contract's chunks, with progress and a Cancel.
 * The engine checks the whole file before keeping anything; its refusal is kept here, in one
 * line, for the view to show beside the import control.
 */
export const useSessionImport = defineStore('session-import', () => {
  const transport = useTransport();
  const notifications = useNotifications();
  const library = useSessionLibrary();

  const importing = ref<ImportProgress | null>(null);
  const importError = ref<string | null>(null);
  let cancelRequested = false;

  /**
   * Imports a file in the contract's chunks, reading it a slice at a time so a large file never
   * sits in memory twice. Cancel stops between chunks and tells the engine to drop the upload;
   * a refusal at any step aborts it too, and shows the engine's reason.
   */
  async function importFile(file: Blob & { name: string }): Promise<Outcome<SessionSummary>> {
    if (importing.value) return { ok: false, error: 'another import is still going' };
    cancelRequested = false;
    importError.value = null;
    notifications.clearToasts();
    importing.value = { fileName: file.name, totalBytes: file.size, sentBytes: 0, phase: 'sending' };
    let uploadId: string | null = null;
    try {
      const began = await transport.invoke('session:import-begin', {
        fileName: file.name.slice(0, 1000),
        totalBytes: file.size,
      });
      uploadId = began.uploadId;
      const bytesPerChunk = Math.floor(began.chunkChars / 4) * 3;
      const chunks = Math.max(1, Math.ceil(file.size / bytesPerChunk));
      for (let index = 0; index < chunks; index++) {
        if (cancelRequested) throw new ImportCancelled();
        const slice = file.slice(index * bytesPerChunk, (index + 1) * bytesPerChunk);
        const base64 = bytesToBase64(new Uint8Array(await slice.arrayBuffer()));
        const { receivedBytes } = await transport.invoke('session:import-chunk', { uploadId, index, base64 });
        importing.value = { ...importing.value!, sentBytes: receivedBytes };
      }
      if (cancelRequested) throw new ImportCancelled();
      importing.value = { ...importing.value!, phase: 'checking' };
      const summary = await transport.invoke('session:import-commit', { uploadId });
      uploadId = null;
      notifications.toast(
        summary.importedFrom && summary.importedFrom !== summary.name
          ? `Imported "${summary.importedFrom}" as "${summary.name}".`
          : `Imported "${summary.name}".`,
      );
      await library.refresh();
      return { ok: true, value: summary };
    } catch (e) {
      const cancelled = e instanceof ImportCancelled;
      if (uploadId) await transport.invoke('session:import-abort', { uploadId }).catch(() => {});
      const error = cancelled ? 'Import cancelled; nothing was imported.' : oneLine(e);
      importError.value = cancelled ? null : error;
      if (cancelled) notifications.toast(error);
      return { ok: false, error };
    } finally {
      importing.value = null;
    }
  }

  function cancelImport(): void {
    if (importing.value?.phase === 'sending') cancelRequested = true;
  }

  return { importing, importError, importFile, cancelImport };
});
