import type { Worker } from 'node:worker_threads';
import { Listeners } from '../util/listeners';
import { spawnThread, type WorkerLocator } from '../workers/spawn-thread';
import {
  SAMPLER_CONTROL as CONTROL,
  SamplerMessageSchema,
  THREAD_SAMPLER_DEFAULT_HZ,
  THREAD_SAMPLER_MAX_HZ,
  type HostCommand,
  type SamplerMessage,
  type SamplerTotals,
} from './thread-sampler-protocol';

export type StateChanges = Extract<SamplerMessage, { type: 'states' }>['changes'];

/** How long a snapshot may take before the sampler is taken to be stuck. */
const SNAPSHOT_TIMEOUT_MS = 2000;

/** Only Linux has /proc/<pid>/task/<tid>/{schedstat,syscall}. */
export const threadSamplingAvailable = process.platform === 'linux';

/**
 * The host side of the /proc thread sampler (thread-sampler-worker.ts): which processes to
 * watch, state changes as they come, and snapshots of every thread's running totals, which a
 * round diffs between its start and its end.
 */
export class ThreadSampler {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * Int32Array.BYTES_PER_ELEMENT));
  private readonly waiting = new Map<number, (totals: SamplerTotals) => void>();
  private nextId = 1;
  readonly states = new Listeners<StateChanges>();

  constructor(locate: WorkerLocator, hz = THREAD_SAMPLER_DEFAULT_HZ) {
    Atomics.store(this.control, CONTROL.HZ, Math.min(THREAD_SAMPLER_MAX_HZ, Math.max(1, Math.round(hz))));
    this.worker = spawnThread(locate, 'thread-sampler', { control: this.control.buffer });
    this.worker.on('message', (raw: unknown) => {
      const message = SamplerMessageSchema.parse(raw);
      if (message.type === 'states') this.states.emit(message.changes);
      else this.waiting.get(message.id)?.(message);
    });
    this.worker.unref();
  }

  get hz(): number {
    return Atomics.load(this.control, CONTROL.HZ);
  }

  private post(command: HostCommand): void {
    this.worker.postMessage(command);
    Atomics.add(this.control, CONTROL.GENERATION, 1);
    Atomics.notify(this.control, CONTROL.GENERATION);
  }

  watch(pids: number[]): void {
    this.post({ type: 'watch', pids: [...new Set(pids)] });
  }

  /** Every watched thread's totals so far, as of the sampler's last tick. */
  snapshot(): Promise<SamplerTotals> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the thread sampler did not answer'));
      }, SNAPSHOT_TIMEOUT_MS);
      this.waiting.set(id, (totals) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(totals);
      });
      this.post({ type: 'snapshot', id });
    });
  }

  async close(): Promise<void> {
    Atomics.store(this.control, CONTROL.STOP, 1);
    Atomics.notify(this.control, CONTROL.GENERATION);
    await this.worker.terminate();
  }
}
