import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';

/**
 * Real CPU load: one OS process per core, each spinning for `duty` of every 10 ms slice
 * (1 = flat out). Processes, not threads, so the scheduler spreads them over every core.
 */
export class Burner {
  private readonly children: ChildProcess[] = [];

  private constructor() {}

  static async start(options: { processes?: number; duty?: number } = {}): Promise<Burner> {
    const burner = new Burner();
    const count = options.processes ?? os.availableParallelism();
    const duty = options.duty ?? 1;
    const script = new URL('./burn.mjs', import.meta.url);
    await Promise.all(
      Array.from({ length: count }, () => {
        const child = fork(script, [String(duty)], { stdio: 'ignore' });
        burner.children.push(child);
        return new Promise<void>((resolve, reject) => {
          child.once('message', () => resolve());
          child.once('error', reject);
        });
      }),
    );
    return burner;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
