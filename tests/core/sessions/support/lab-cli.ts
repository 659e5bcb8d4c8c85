import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'src', 'cli', 'index.ts');

export interface CliOutcome {
  /** Exit code, or null when it had to be killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it was killed: it ran past its time, or grew past its memory bound. */
  killed: string | null;
  ms: number;
  peakRssMb: number;
}

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * `npm run lab -- <args>` from the sources, as a real process: killed if it runs past `timeoutMs`
 * or its memory passes `maxRssMb`, so a hang or a runaway read fails the test rather than the machine.
 */
export function runLabCli(
  args: string[],
  options: { timeoutMs?: number; maxRssMb?: number } = {},
): Promise<CliOutcome> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRssMb = options.maxRssMb ?? 1024;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed: string | null = null;
  let peakRssMb = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const kill = (why: string) => {
    if (killed || child.exitCode !== null || child.signalCode !== null) return;
    killed = why;
    child.kill('SIGKILL');
  };
  const watch = setInterval(() => {
    const rss = rssMb(child.pid!);
    peakRssMb = Math.max(peakRssMb, rss);
    if (rss > maxRssMb) kill(`its memory passed ${maxRssMb} MB`);
  }, 50);
  const timer = setTimeout(() => kill(`it ran past ${timeoutMs} ms`), timeoutMs);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed, ms: Date.now() - started, peakRssMb });
    }),
  );
}
