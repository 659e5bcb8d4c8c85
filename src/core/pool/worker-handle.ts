/** One live worker, thread or process, as the pool sees it. */
export interface WorkerHandle {
  readonly kind: 'thread' | 'process';
  /** OS process id; the host's own for a thread. */
  readonly pid: number;
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the worker is gone, with why, in words. */
  onExit(listener: (reason: string) => void): void;
  /** Stops it now; resolves when it has exited. */
  kill(): Promise<void>;
}

export interface WorkerSpawner {
  readonly kind: 'thread' | 'process';
  spawn(slot: number): WorkerHandle;
}
