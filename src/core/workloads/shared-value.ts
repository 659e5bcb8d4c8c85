import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { makeRunFolder, sharedMemoryDir } from './run-files';

/**
 * multiprocessing.Value('i') across processes, without native code.
 *
 * CPython keeps a Value in its shared heap: a file in /dev/shm (a temp file elsewhere) that
 * every process maps into memory. Node has no mmap, and a SharedArrayBuffer can't leave its
 * process, so the lab uses the same kind of file and reaches its four bytes with positioned
 * reads and writes instead of loads and stores. The bytes are the same page in the kernel for
 * every process: one shared value, no copies. Each access is a system call, so it is slower
 * than CPython's, but the race is the same: `v.value += 1` is a read and then a write.
 *
 * The Value's lock is a POSIX semaphore in CPython. Here it is a named pipe holding one byte:
 * taking the lock reads the byte (the kernel puts the reader to sleep while the pipe is
 * empty), releasing writes it back. So a process waiting for the lock sleeps, as sem_wait does.
 */
export interface SharedValuePaths {
  value: string;
  lock: string;
}

/** Why this platform can't run it, or null. The lock needs a named pipe (mkfifo). */
export function sharedValueUnsupported(platform = process.platform): string | null {
  return platform === 'win32' ? 'its lock is a POSIX named pipe, which Windows does not have' : null;
}

/**
 * The host's side: a value of 0 and its free lock, for one run. The host keeps the pipe open
 * until cleanup, because a pipe that nobody has open loses what it holds.
 */
export function createSharedValue(): { paths: SharedValuePaths; read: () => number; cleanup: () => void } {
  const dir = makeRunFolder('value', sharedMemoryDir());
  const paths = { value: path.join(dir, 'value'), lock: path.join(dir, 'lock') };
  let lockFd = -1;
  try {
    writeFileSync(paths.value, Buffer.alloc(4));
    execFileSync('mkfifo', ['-m', '600', paths.lock], { stdio: 'ignore' });
    // Read-write, so opening doesn't wait for a reader or a writer at the other end.
    lockFd = openSync(paths.lock, 'r+');
    writeSync(lockFd, Buffer.from([1]));
  } catch (error) {
    if (lockFd >= 0) closeSync(lockFd);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not create the shared value: ${(error as Error).message}`, { cause: error });
  }
  const value = new SharedValue(paths);
  return {
    paths,
    read: () => value.get(),
    cleanup: () => {
      value.close();
      closeSync(lockFd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One process's handle on the shared value and its lock. */
export class SharedValue {
  private readonly valueFd: number;
  private readonly lockFd: number;
  private readonly word = Buffer.alloc(4);
  private readonly token = Buffer.alloc(1);

  constructor(paths: SharedValuePaths) {
    this.valueFd = openSync(paths.value, 'r+');
    try {
      this.lockFd = openSync(paths.lock, 'r+');
    } catch (error) {
      closeSync(this.valueFd);
      throw error;
    }
  }

  get(): number {
    readSync(this.valueFd, this.word, 0, 4, 0);
    return this.word.readInt32LE(0);
  }

  set(value: number): void {
    this.word.writeInt32LE(value | 0, 0);
    writeSync(this.valueFd, this.word, 0, 4, 0);
  }

  /** Value.get_lock().acquire(): sleeps in the kernel until the token is there. */
  acquire(): void {
    readSync(this.lockFd, this.token, 0, 1, null);
  }

  release(): void {
    writeSync(this.lockFd, this.token, 0, 1, null);
  }

  close(): void {
    closeSync(this.valueFd);
    closeSync(this.lockFd);
  }
}
