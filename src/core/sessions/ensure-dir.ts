import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * mkdir -p that always ends. Node 20's `mkdir(dir, { recursive: true })` spins forever on a
 * file system that answers ENOENT for a folder whose parent exists, as /proc does; a data
 * folder pointed somewhere odd must give an error, not hang the app.
 */
export async function ensureDir(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw error;
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw error;
    await ensureDir(parent, depth + 1);
  }
  // The parent exists now; a second ENOENT is the file system's answer, not a missing parent.
  await mkdir(dir).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    throw error;
  });
}
