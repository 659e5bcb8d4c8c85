/** One live worker, thread or process, as the pool sees it. */
export interface WorkerHandle {
  readonly kind: 'thread' | 'process';
  /** OS process id; the host's own for a thread. */
  readonly pid: number;
  /** False once it has exited or can no longer be reached, even before its exit is reported. */
  readonly alive: boolean;
  /** Sends a message; one that can't be delivered is dropped, and the exit says why. */
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
