import { randomUUID } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../shared/session-limits';
import { formatBytes } from './session-file';
import { SessionStoreError } from './session-store';

interface Upload {
  fileName: string;
  totalBytes: number;
  chunks: Buffer[];
  received: number;
  nextIndex: number;
  timer: NodeJS.Timeout;
}

/**
 * Import files arrive in base64 chunks (one browser-mode message is capped at 64 KB). The
 * declared size is checked before the first chunk, every chunk is counted against it, and an
 * upload left idle is dropped, so a stalled or hostile page can't hold memory for long.
 */
export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly options: { maxConcurrent?: number; idleMs?: number; maxBytes?: number } = {}) {}

  begin(fileName: string, totalBytes: number): string {
    const maxBytes = this.options.maxBytes ?? MAX_IMPORT_BYTES;
    if (totalBytes > maxBytes) {
      throw new SessionStoreError(
        `"${fileName.slice(0, 120)}" is ${formatBytes(totalBytes)}; the limit is ${formatBytes(maxBytes)}`,
      );
    }
    if (this.uploads.size >= (this.options.maxConcurrent ?? 4)) {
      throw new SessionStoreError('too many imports at once; wait for one to finish');
    }
    const id = randomUUID();
    this.uploads.set(id, { fileName, totalBytes, chunks: [], received: 0, nextIndex: 0, timer: this.idleTimer(id) });
    return id;
  }

  chunk(id: string, index: number, base64: string): number {
    const upload = this.get(id);
    if (index !== upload.nextIndex) {
      this.abort(id);
      throw new SessionStoreError(`import chunk ${index} arrived where ${upload.nextIndex} was expected; start again`);
    }
    const bytes = Buffer.from(base64, 'base64');
    if (upload.received + bytes.length > upload.totalBytes) {
      this.abort(id);
      throw new SessionStoreError(
        `"${upload.fileName.slice(0, 120)}" is larger than the ${upload.totalBytes} bytes announced`,
      );
    }
    upload.chunks.push(bytes);
    upload.received += bytes.length;
    upload.nextIndex++;
    upload.timer.refresh();
    return upload.received;
  }

  /** The whole file, once every announced byte has arrived; the upload is gone either way. */
  finish(id: string): { fileName: string; bytes: Buffer } {
    const upload = this.get(id);
    this.abort(id);
    if (upload.received !== upload.totalBytes) {
      throw new SessionStoreError(
        `"${upload.fileName.slice(0, 120)}" is incomplete: ${upload.received} of ${upload.totalBytes} bytes arrived`,
      );
    }
    return { fileName: upload.fileName, bytes: Buffer.concat(upload.chunks) };
  }

  abort(id: string): boolean {
    const upload = this.uploads.get(id);
    if (!upload) return false;
    clearTimeout(upload.timer);
    this.uploads.delete(id);
    return true;
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.abort(id);
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new SessionStoreError('no such import in progress; it may have timed out, so start again');
    return upload;
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.abort(id), this.options.idleMs ?? 60_000);
    timer.unref();
    return timer;
  }
}
