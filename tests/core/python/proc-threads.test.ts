import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listThreads, ProcThread } from '../../../src/core/python/proc-threads';

/**
 * Reads a real python3's threads from /proc: one spinning, one blocked on a lock (futex), one in
 * time.sleep, and the main thread joining them. Each prints its native id so the test knows which
 * is which.
 */
const SCRIPT = `
import threading, time, sys
lock = threading.Lock(); lock.acquire()
said = threading.Lock()
def say(role):
    with said: print(role, threading.get_native_id(), flush=True)
def spin():
    say('spin')
    end = time.time() + 20
    while time.time() < end: pass
def blocked():
    say('futex')
    lock.acquire(timeout=20)
def sleeper():
    say('io')
    time.sleep(20)
ts = [threading.Thread(target=f, daemon=True) for f in (spin, blocked, sleeper)]
[t.start() for t in ts]
sys.stdin.read()
`;

const TICK_MS = 10;
const TICKS = 40;

/** A python3 running `lines` as its script, its stdin kept open so it lives until killed. */
function python3(lines: string[]): ChildProcess {
  return spawn('python3', ['-c', lines.join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** The first thing a child prints. */
function firstOutput(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString())));
}

describe.runIf(process.platform === 'linux')('ProcThread on a real python3', () => {
  let python: ChildProcess;
  const roles = new Map<string, number>();

  beforeAll(async () => {
    python = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: python.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('python3 did not start its threads in 10 s')), 10_000);
      lines.on('line', (line) => {
        const [role, tid] = line.split(' ');
        roles.set(role!, Number(tid));
        if (roles.size === 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });

  afterAll(() => {
    python.kill('SIGKILL');
  });

  it('tells running, futex and sleep apart, and counts what it saw', async () => {
    const pid = python.pid!;
    const tids = listThreads(pid);
    for (const tid of roles.values()) expect(tids).toContain(tid);
    const threads = new Map([...roles].map(([role, tid]) => [role, ProcThread.open(pid, tid)!]));
    // The threads settle into their waits; then every tick is read at about 100 Hz.
    await new Promise((r) => setTimeout(r, 200));
    let last = process.hrtime.bigint();
    const seen = new Map<string, Map<string, number>>([...roles.keys()].map((r) => [r, new Map()]));
    for (let i = 0; i < TICKS; i++) {
      await new Promise((r) => setTimeout(r, TICK_MS));
      const now = process.hrtime.bigint();
      const dt = Number(now - last);
      last = now;
      for (const [role, thread] of threads) {
        thread.tick(dt);
        const counts = seen.get(role)!;
        counts.set(thread.state!, (counts.get(thread.state!) ?? 0) + 1);
      }
    }
    const most = (role: string) => [...seen.get(role)!].sort((a, b) => b[1] - a[1])[0]![0];
    console.log(Object.fromEntries([...seen].map(([role, counts]) => [role, Object.fromEntries(counts)])));
    expect(most('spin')).toMatch(/^(running|runnable)$/);
    expect(most('futex')).toBe('futex');
    expect(most('io')).toBe('io');
    // Every tick of a thread that slept the whole time is counted in the sleep it was in.
    expect(threads.get('futex')!.futexSamples).toBe(TICKS);
    expect(threads.get('io')!.ioSamples).toBe(TICKS);
    expect(threads.get('spin')!.runNs).toBeGreaterThan(0);
    expect(threads.get('futex')!.runNs).toBe(0);
    for (const thread of threads.values()) thread.close();
  });

  it('stops reading a thread that has gone, and cannot open one that is not there', async () => {
    const short = spawn('python3', ['-c', 'import sys; sys.stdin.read()'], { stdio: ['pipe', 'ignore', 'inherit'] });
    const thread = ProcThread.open(short.pid!, short.pid!);
    expect(thread).not.toBeNull();
    expect(thread!.tick(10_000_000)).not.toBeNull();
    short.kill('SIGKILL');
    await new Promise((r) => short.once('exit', r));
    await new Promise((r) => setTimeout(r, 50));
    expect(thread!.tick(10_000_000)).toBeNull();
    expect(thread!.tick(10_000_000)).toBeNull();
    expect(ProcThread.open(short.pid!, short.pid!)).toBeNull();
  });

  it('reads CPU threads under the GIL: each waits in futex, and together they come to about one core', async () => {
    const gil = python3([
      'import threading, time, sys',
      'def spin():',
      '    end = time.time() + 20',
      '    while time.time() < end: pass',
      'ts = [threading.Thread(target=spin, daemon=True) for _ in range(3)]',
      '[t.start() for t in ts]',
      'print(" ".join(str(t.native_id) for t in ts), flush=True)',
      'sys.stdin.read()',
    ]);
    try {
      const line = await firstOutput(gil);
      const threads = line
        .trim()
        .split(' ')
        .map((tid) => ProcThread.open(gil.pid!, Number(tid))!);
      // Totals count from the moment each thread is opened.
      const started = process.hrtime.bigint();
      let last = started;
      for (let i = 0; i < TICKS * 2; i++) {
        await new Promise((r) => setTimeout(r, TICK_MS));
        const now = process.hrtime.bigint();
        for (const thread of threads) thread.tick(Number(now - last));
        last = now;
      }
      for (const thread of threads) thread.refresh();
      const wallNs = Number(process.hrtime.bigint() - started);
      const onCpu = threads.reduce((sum, t) => sum + t.runNs, 0) / wallNs;
      console.log(
        `3 GIL threads: on-CPU ÷ wall ${onCpu.toFixed(2)}; futex samples ${threads.map((t) => t.futexSamples).join(', ')} of ${TICKS * 2}`,
      );
      expect(onCpu).toBeGreaterThan(0.3);
      expect(onCpu).toBeLessThan(1.2);
      for (const thread of threads) expect(thread.futexSamples).toBeGreaterThan(TICKS / 2);
    } finally {
      gil.kill('SIGKILL');
    }
  });

  it('a snapshot between two ticks does not hide that a sleeper woke and went to sleep elsewhere', async () => {
    // The thread waits on a lock, then, once let go, sleeps in time.sleep.
    const moving = python3([
      'import threading, time, sys',
      'gate = threading.Lock(); gate.acquire()',
      'def wait_then_sleep():',
      '    print(threading.get_native_id(), flush=True)',
      '    gate.acquire(timeout=20)',
      '    time.sleep(20)',
      'threading.Thread(target=wait_then_sleep, daemon=True).start()',
      'sys.stdin.readline()',
      'gate.release()',
      'sys.stdin.read()',
    ]);
    try {
      const tid = Number(await firstOutput(moving));
      const thread = ProcThread.open(moving.pid!, tid)!;
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 3; i++) thread.tick(TICK_MS * 1e6);
      expect(thread.state).toBe('futex');
      moving.stdin!.write('go\n');
      await new Promise((r) => setTimeout(r, 200));
      thread.refresh();
      thread.tick(TICK_MS * 1e6);
      expect(thread.state).toBe('io');
      thread.close();
    } finally {
      moving.kill('SIGKILL');
    }
  });
});
