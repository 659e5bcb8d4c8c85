import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { formatBytes } from './session-file';
import { importError, SessionStoreError } from './store-error';

/** A file to import, read from disk: its size is checked before a byte is read. */
export async function readImportFile(file: string): Promise<{ bytes: Buffer; name: string }> {
  const name = path.basename(file);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new SessionStoreError(importError(name, 'is not a file'));
    size = info.size;
  } catch (error) {
    if (error instanceof SessionStoreError) throw error;
    throw new SessionStoreError(
      importError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`),
    );
  }
  if (size > MAX_IMPORT_BYTES) {
    throw new SessionStoreError(
      importError(name, `is ${formatBytes(size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)}`),
    );
  }
  return { bytes: await readFile(file), name };
}
