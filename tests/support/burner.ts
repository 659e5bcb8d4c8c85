import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { PARENT_PID_ENV } from '../../scripts/lib/parent-watch.mjs';

interface BurnerMessage {
  armed?: boolean;
  startedAt?: number;
}

/**
 * Real CPU load: one OS process per core, each spinning for `duty` of every 10 ms slice
 * (1 = flat out). Processes, not threads, so the scheduler spreads them over every core.
 */
export class Burner {
  private readonly children: ChildProcess[] = [];
  /** Epoch ms at which each burner began spinning. */
  readonly startedAt: number[] = [];

  private constructor() {}

  /** The burner processes, so a test can tell their load from the rest. */
  get pids(): number[] {
    return this.children.map((child) => child.pid ?? -1);
  }

  /** Starts burning at once. */
  static async start(options: { processes?: number; duty?: number } = {}): Promise<Burner> {
    const burner = await Burner.arm(options);
    await burner.go();
    return burner;
  }

  /**
   * Starts the processes but keeps them idle until go(): starting Node itself takes CPU, which
   * would otherwise blur the moment the load changes.
   */
  static async arm(options: { processes?: number; duty?: number } = {}): Promise<Burner> {
    const burner = new Burner();
    const count = options.processes ?? os.availableParallelism();
    const script = new URL('./burn.mjs', import.meta.url);
    await Promise.all(
      Array.from({ length: count }, () => {
        // Each burner exits on its own if this process dies (burn.mjs).
        const child = fork(script, [String(options.duty ?? 1), 'armed'], {
          stdio: 'ignore',
          env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) },
        });
        burner.children.push(child);
        return burner.next(child, 'armed');
      }),
    );
    return burner;
  }

  /** Releases every armed burner; resolves once all are spinning. */
  async go(): Promise<void> {
    const started = this.children.map((child) => this.next(child, 'startedAt'));
    for (const child of this.children) child.send('go');
    this.startedAt.push(...(await Promise.all(started)));
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

  private next<K extends keyof BurnerMessage>(child: ChildProcess, key: K): Promise<NonNullable<BurnerMessage[K]>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: BurnerMessage) => {
        if (message[key] === undefined) return;
        child.off('message', onMessage);
        resolve(message[key] as NonNullable<BurnerMessage[K]>);
      };
      child.on('message', onMessage);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`burner exited early (${code})`)));
    });
  }
}
