import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Temp files are dot-files ending in this, so a listing never mistakes one for a session. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` with `data` so that a crash at any moment leaves either the old file or the
 * new one, never a mix or an empty file: write a temp file in the same folder, fsync it, rename
 * it over the target (atomic within one file system), then fsync the folder so the rename
 * itself survives a power cut.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDir(dir);
}

/** fsync on a folder; Windows can't open one for that, and NTFS journals renames anyway. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
