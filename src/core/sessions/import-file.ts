import path from 'node:path';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { NotRegularFile, readRegularFile } from './regular-file';
import { importError, SessionStoreError } from './store-error';

/**
 * A file to import, read from disk: a regular file (a link the user named is followed), opened
 * without blocking so a named pipe is refused rather than waited on, and its size checked before
 * a byte is read.
 */
export async function readImportFile(file: string): Promise<{ bytes: Buffer; name: string }> {
  const name = path.basename(file);
  try {
    return { bytes: await readRegularFile(file, MAX_IMPORT_BYTES, { follow: true }), name };
  } catch (error) {
    if (error instanceof NotRegularFile) {
      throw new SessionStoreError(importError(name, error.tooLarge ? error.message : 'is not a file'));
    }
    throw new SessionStoreError(
      importError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`),
    );
  }
}
