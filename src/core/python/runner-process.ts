import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describeIssues } from '../../shared/contract';
import type { PythonCommand } from './interpreter';
import { RunnerMessageSchema, type RunnerMessage, type RunnerRequest } from './runner-protocol';

/** How long the runner has to say hello: a Python that prints nothing is given up on after this. */
export const HELLO_TIMEOUT_MS = 10_000;
/** After its last message, how long the runner has to exit before its process group is killed. */
const EXIT_GRACE_MS = 1000;
/** How long a stopped runner has to end its workers itself before its group is killed. */
const STOP_GRACE_MS = 400;
/** The most of a line the engine holds while waiting for its end. */
const MAX_LINE = 64 * 1024;

/**
 * One run of python/gil_lab_runner.py: started in a process group of its own, so that ending it
 * ends its worker processes too; its stdout read as lines of JSON, each checked against the
 * protocol; its stderr kept (the tail) to say why it failed. Anything on the channel that isn't
 * the protocol, or silence past the hello timeout, ends it with one clear line.
 */
export class RunnerProcess {
  private readonly child: ChildProcess;
  private buffered = '';
  private stderrTail = '';
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private failure: string | null = null;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(
    python: PythonCommand,
    scriptsDir: string,
    request: RunnerRequest,
    env: Record<string, string>,
    private readonly onMessage: (message: RunnerMessage) => void,
    private readonly onFailure: (reason: string) => void,
  ) {
    this.child = spawn(python.command, [...python.args, '-u', path.join(scriptsDir, 'gil_lab_runner.py')], {
      cwd: scriptsDir,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group: one kill ends the runner and every worker process it started.
      detached: process.platform !== 'win32',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...env },
      windowsHide: true,
    });
    this.exited = new Promise((resolve) => {
      // 'close' comes after the last of stdout is read, so a final message is never lost to
      // the exit; a worker still holding the pipe after the runner has gone is killed.
      this.child.once('close', (code, signal) => resolve({ code, signal }));
      this.child.once('exit', () => setTimeout(() => this.kill(), 300).unref());
      this.child.once('error', (error) => {
        this.fail(`the Python runner could not start: ${error.message}`);
        resolve({ code: null, signal: null });
      });
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.receive(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4096);
    });
    // Errors writing to a runner that died are reported through its exit, not thrown here.
    this.child.stdin!.on('error', () => {});
    this.child.stdin!.write(`${JSON.stringify(request)}\n`);
    this.helloTimer = setTimeout(
      () => this.fail(`the Python runner said nothing within ${HELLO_TIMEOUT_MS / 1000} s`),
      HELLO_TIMEOUT_MS,
    );
    void this.exited.then(({ code, signal }) => {
      clearTimeout(this.helloTimer);
      this.fail(`the Python runner exited (${signal ?? `code ${code}`}) before the round was done${this.lastError()}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last line Python wrote to stderr, as ": reason", or nothing. */
  lastError(): string {
    const line = this.stderrTail.trim().split('\n').at(-1)?.trim();
    return line ? `: ${line.slice(0, 300)}` : '';
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line) this.line(line);
      if (this.failure) return;
    }
    if (this.buffered.length > MAX_LINE) this.fail('the Python runner wrote a line longer than the protocol allows');
  }

  private line(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.fail(
        `the Python program printed something that isn't GIL Lab's runner protocol: "${text.slice(0, 80)}"`,
      );
    }
    const parsed = RunnerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      return this.fail(`the Python runner sent a message the lab can't read (${describeIssues(parsed.error)})`);
    }
    if (parsed.data.type === 'hello') clearTimeout(this.helloTimer);
    this.onMessage(parsed.data);
  }

  /** Ends the round with a reason: the first one counts, and the runner is stopped. */
  fail(reason: string): void {
    if (this.failure) return;
    this.failure = reason;
    this.stop();
    this.onFailure(reason);
  }

  /**
   * Stops the runner: SIGTERM lets it kill and reap its worker processes itself, so none is
   * left for init to collect; whatever is still in its group a moment later is killed.
   */
  stop(): void {
    this.failure ??= 'stopped';
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return this.kill();
    try {
      this.child.kill('SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => this.kill(), STOP_GRACE_MS).unref();
  }

  /** The round is over: lets the runner exit by itself, then makes sure its whole group is gone. */
  async finish(): Promise<void> {
    this.failure ??= 'finished';
    clearTimeout(this.helloTimer);
    const timer = setTimeout(() => this.kill(), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    this.kill();
  }

  /** Kills the runner's process group (the runner and its workers); safe to call again. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill('SIGKILL');
      else process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  }
}
