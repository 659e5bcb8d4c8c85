import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { formatBytes } from './session-file';

/**
 * Reads a file only if it is a regular file of bounded size, without ever blocking on it or
 * following a link to it: lstat first, then a non-blocking open that refuses a symbolic link
 * (so one swapped in between is refused too), then fstat on what was opened and the size cap
 * before a byte is read. A named pipe, a device or a link to one (/dev/zero) is never read.
 */

/** Why an entry is not a file GIL Lab reads; quotes nothing the entry holds. */
export class NotRegularFile extends Error {
  override readonly name = 'NotRegularFile';
  constructor(
    message: string,
    /** A regular file, but over the size limit. */
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

const LINK = 'is a symbolic link; GIL Lab opens only files it wrote there itself';

// Windows has neither flag; there a FIFO can't sit in a folder, and links are checked by lstat.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

/** What an entry is, in words, when it is not a regular file; null when it is one. */
export function notAFile(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isSymbolicLink()) return LINK;
  if (info.isFIFO()) return 'is a named pipe, not a file';
  if (info.isDirectory()) return 'is a folder, not a file';
  if (info.isSocket()) return 'is a socket, not a file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device, not a file';
  return 'is not a regular file';
}

/**
 * The bytes of `file`, at most `limit` of them. Throws NotRegularFile with the reason when it is
 * anything but a regular file within the limit; other errors (gone, no permission) as they come.
 */
export async function readRegularFile(
  file: string,
  limit: number,
  options: { follow?: boolean } = {},
): Promise<Buffer> {
  const follow = options.follow ?? false;
  if (!follow) {
    const reason = notAFile(await lstat(file));
    if (reason) throw new NotRegularFile(reason);
  }
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | NON_BLOCKING | (follow ? 0 : NO_FOLLOW));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new NotRegularFile(LINK);
    throw error;
  }
  try {
    const info = await handle.stat();
    const reason = notAFile(info);
    if (reason) throw new NotRegularFile(reason);
    if (info.size > limit) {
      throw new NotRegularFile(`is ${formatBytes(info.size)}; the limit is ${formatBytes(limit)}`, true);
    }
    // Read what fstat said is there, and no more, even if the file grows meanwhile.
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
