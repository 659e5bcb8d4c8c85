import type { Worker } from 'node:worker_threads';
import type { SessionDocument, SessionRun } from '../../shared/session';
import { SessionFileError } from '../../shared/session-parse';
import { spawnThread, type WorkerLocator } from '../workers/spawn-thread';
import type { CodecAnswer, CodecRequest } from './session-codec-protocol';

type Work = { op: 'encode'; doc: SessionDocument } | { op: 'decode'; bytes: Uint8Array; limit: number };

/** How long a closing thread may take to finish the message in hand (a long JSON parse) before it is terminated. */
const CLOSE_GRACE_MS = 2000;

/** The thread itself failed (could not start, crashed, was closed), not the work it was given. */
export class CodecThreadError extends Error {
  override readonly name = 'CodecThreadError';
}

interface Pending {
  resolve: (answer: CodecAnswer) => void;
  reject: (error: Error) => void;
  /** The runs of a decoded document received so far, in order. */
  runs: SessionRun[];
}

/**
 * The engine's side of the session codec thread: started on first use, kept for the life of the
 * process, and holding the process open only while a request is out, so it never keeps a
 * finished CLI or server alive. A thread that dies fails what it held, and the next request
 * starts a new one.
 */
export class SessionCodecThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly locate: WorkerLocator) {}

  async encode(doc: SessionDocument): Promise<Buffer> {
    const answer = await this.ask({ op: 'encode', doc });
    if (!('bytes' in answer)) throw new Error('the session codec thread answered an encode without bytes');
    return Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength);
  }

  async decode(bytes: Uint8Array, limit: number): Promise<SessionDocument> {
    const answer = await this.ask({ op: 'decode', bytes, limit });
    if (!('doc' in answer)) throw new Error('the session codec thread answered a decode without a document');
    return answer.doc;
  }

  /** Keeps a decoded document's run and asks for the next piece, on a later turn of the event loop. */
  private received(worker: Worker, pending: Pending, id: number, run: SessionRun): void {
    pending.runs.push(run);
    worker.postMessage({ id, op: 'more' } satisfies CodecRequest);
  }

  /**
   * Stops the thread; requests still out fail at once. The thread is asked to leave between two
   * messages and terminated only if it has not within CLOSE_GRACE_MS: Node aborts the whole
   * process when a thread is terminated between creating a gzip stream and initialising it
   * ("close before init", seen once in a test run beside a busy core).
   */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new CodecThreadError('the session codec thread was closed'));
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ op: 'close' } satisfies CodecRequest);
    const stuck = setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS);
    await exited;
    clearTimeout(stuck);
  }

  private ask(work: Work): Promise<CodecAnswer> {
    const id = this.nextId++;
    const worker = this.started();
    return new Promise<CodecAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, runs: [] });
      worker.ref();
      worker.postMessage({ id, ...work } satisfies CodecRequest);
    }).then((answer) => {
      if (answer.ok) return answer;
      throw answer.fileError ? new SessionFileError(answer.message) : new Error(answer.message);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnThread(this.locate, 'session-codec', null);
    worker.unref();
    worker.on('message', (answer: CodecAnswer) => {
      const pending = this.pending.get(answer.id);
      if (pending && answer.ok && 'run' in answer) {
        this.received(worker, pending, answer.id, answer.run);
        return;
      }
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (pending && answer.ok && 'doc' in answer)
        pending.resolve({ ...answer, doc: { ...answer.doc, runs: pending.runs } });
      else pending?.resolve(answer);
    });
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.fail(new CodecThreadError(`the session codec thread stopped: ${reason}`));
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
