import { describe, expect, it } from 'vitest';
import { MeasurementSchema } from '../../src/shared/measurement';
import { stoppedSteps } from '../../src/renderer/src/lessons/assess';
import { LESSONS } from '../../src/renderer/src/lessons/catalog';
import { concludeGo, type Conclusion, type LessonGo } from '../../src/renderer/src/lessons/lesson';

/**
 * Every lesson's conclusions against real measurements: each lesson's planned runs, measured by
 * the engine on a quiet machine, beside CPU burners on every core, stopped partway, and with twice
 * as many workers as cores (scripts/lesson-fixtures.mjs made them; re-run it to measure again).
 */
const CONDITIONS = ['clean', 'contended', 'cancelled', 'oversubscribed'] as const;
type Condition = (typeof CONDITIONS)[number];

interface Fixture {
  lesson: string;
  condition: Condition;
  cores: number;
  goes: LessonGo[];
}

const FIXTURES = import.meta.glob<Fixture>('../fixtures/lessons/*.json', { eager: true, import: 'default' });

/** A fresh copy each time, so no test can change what another reads. */
function load(lesson: string, condition: Condition): Fixture {
  const fixture = FIXTURES[`../fixtures/lessons/${lesson}.${condition}.json`];
  if (!fixture) throw new Error(`no fixture for ${lesson}, ${condition}: run scripts/lesson-fixtures.mjs`);
  return structuredClone(fixture);
}

const lessonOf = (id: string) => LESSONS.find((l) => l.id === id)!;

/** Every go's conclusions, each read beside the goes before it, as the room sees them. */
function concluded(f: Fixture): Conclusion[][] {
  return f.goes.map((_, i) => concludeGo(lessonOf(f.lesson), f.goes, i, f.cores));
}

const verdicts = (cs: Conclusion[]) => cs.map((c) => c.verdict);
const BUSY = /other programs kept \d+\.\d\d of \d+ cores' worth busy/;
const STOPPED = /(Stopped|Timed out|Ended early) after \d+(\.\d+)? s; no result/;

describe('the lesson fixtures', () => {
  it('are measurements the engine made, under the condition each names', () => {
    for (const lesson of LESSONS) {
      for (const condition of CONDITIONS) {
        const f = load(lesson.id, condition);
        expect(f.lesson).toBe(lesson.id);
        expect(f.goes.length).toBeGreaterThan(0);
        for (const go of f.goes) {
          for (const r of go.results) {
            if (r.measurement) expect(() => MeasurementSchema.parse(r.measurement)).not.toThrow();
          }
        }
        const stopped = f.goes.flatMap(stoppedSteps);
        expect(stopped.length, `${lesson.id}.${condition}`).toBe(condition === 'cancelled' ? 1 : 0);
      }
    }
  });
});

describe('every lesson, whatever the condition', () => {
  for (const lesson of LESSONS) {
    for (const condition of CONDITIONS) {
      it(`${lesson.id}, ${condition}: states each claim and says what it came to, with the numbers`, () => {
        const all = concluded(load(lesson.id, condition)).flat();
        expect(all.length).toBeGreaterThan(0);
        for (const c of all) {
          expect(c.claim.length).toBeGreaterThan(10);
          expect(c.text).toMatch(/\d/);
          // Only a claim that held tells the story behind it; a go that can't tell says why.
          if (c.verdict === 'cannot-tell') expect(c.text).toMatch(new RegExp(`${BUSY.source}|${STOPPED.source}`));
          if (c.verdict === 'not-held') expect(c.text).toContain('the likeliest measured reason:');
        }
      });
    }
  }
});

describe('on a quiet machine', () => {
  it('every claim of lessons 1–3, 5, 6 and the guide holds', () => {
    for (const id of ['cpu-bound', 'io-bound', 'overhead', 'pool-size', 'convoy', 'guide']) {
      for (const cs of concluded(load(id, 'clean'))) expect(verdicts(cs), id).toEqual(cs.map(() => 'held'));
    }
  });

  it('lesson 1 says the GIL kept one thread running, and the others spread over the cores', () => {
    const [cs] = concluded(load('cpu-bound', 'clean'));
    expect(cs).toHaveLength(3);
    expect(cs![0]!.claim).toBe("GIL threads ÷ one thread within 0.80–1.20×, at most 1.2 cores' worth busy");
    expect(cs![0]!.text).toMatch(
      /a speedup of (0\.[89]\d|1\.[01]\d|1\.20)×, with (0|1)\.\d\d of 2 cores' worth busy\./,
    );
    expect(cs![0]!.text).toContain('The GIL let one thread run at a time');
    expect(cs![1]!.claim).toBe(
      'Processes ÷ one thread at least 1.50×: 75% of the 2.00× that 4 tasks on 2 workers and 2 cores allow',
    );
    expect(cs![1]!.text).toContain('Without a shared lock, the work spreads over the cores.');
    expect(cs![2]!.claim).toMatch(/^Free threads ÷ one thread at least 1\.50×/);
  });

  it('lesson 2 says the threads waited together, not computing', () => {
    const [[c]] = concluded(load('io-bound', 'clean')) as [[Conclusion]];
    expect(c.claim).toMatch(
      /^Threads at least 6\.00× faster than one after another \(10\.00× if all 10 waits overlap on 10 threads\)/,
    );
    expect(c.text).toMatch(/^One after another, the waits took 1\.\d\d s\. On 10 threads they took 0\.\d\d s/);
    expect(c.text).toContain('The threads were waiting together, not computing.');
  });

  it('lesson 2 says one asyncio event loop overlapped the waits as the threads did, on one thread', () => {
    const [[, c]] = concluded(load('io-bound', 'clean')) as [[Conclusion, Conclusion]];
    expect(c.claim).toBe(
      "asyncio at least 6.00× faster than one after another (10.00× if all 10 waits overlap on its event loop's one thread), at most 0.5 cores' worth busy",
    );
    expect(c.text).toMatch(
      /^One after another, the waits took 1\.\d\d s\. On one event loop, on 1 thread, they took 0\.\d\d s/,
    );
    expect(c.text).toContain("Its waits overlapped as the threads' did, on one thread");
  });

  it('the guide proves asyncio for many waits against one thread, then processes for Python code', () => {
    const [loop, procs] = concluded(load('guide', 'clean'));
    expect(loop![0]!.claim).toBe(
      'One event loop (asyncio) ÷ one thread at least 24.00×: 60% of the 40.00× that 40 tasks on one thread allow',
    );
    expect(loop![0]!.text).toContain('The advice holds on this machine.');
    expect(procs![0]!.claim).toMatch(/^Processes ÷ one thread at least/);
  });

  it('lesson 3 names the payload as the slider does: per task, and in all', () => {
    const f = load('overhead', 'clean');
    const [cs] = concluded(f);
    expect(f.goes[0]!.values.payloadMiB).toBe(16);
    expect(cs![0]!.text).toContain('handing them out costs more than doing them');
    expect(cs![1]!.claim).toMatch(/^Sending 16 MiB to a process/);
    expect(cs![1]!.text).toMatch(/^Sending 16 MiB to a process 4 times \(64 MiB in all\) took \d\.\d{3} s\./);
    expect(cs![1]!.verdict).toBe('held');
    expect(cs![1]!.text).toMatch(/Each hand-off waited \d+ ms on median .*, \d+ times a tiny task's 0\.\d{3} ms;/);
    expect(cs![1]!.text).toContain('the larger it is, the more of each task is copying');
  });

  it('lesson 4 keeps the GIL and lock counters exact, and never calls separate copies lost', () => {
    const f = load('shared-state', 'clean');
    const [cs] = concluded(f);
    const by = (label: string) => cs!.find((c) => c.claim.startsWith(label))!;
    for (const label of [
      'GIL threads, x += 1',
      'GIL threads, with a lock',
      'Processes sharing a Value, with its lock',
    ]) {
      expect(by(label).verdict, label).toBe('held');
      expect(by(label).text).toMatch(/\(exact\)/);
    }
    const copies = by('Processes, x += 1');
    expect(copies.verdict).toBe('held');
    expect(copies.text).toMatch(/the parent's counter stayed at 0 of 4,000,000; .* add up to 4,000,000\./);
    expect(copies.text).not.toMatch(/lost\)/);
    // A race shows when the workers overlap; when they barely did, the conclusion says so.
    for (const label of ['GIL threads, call between', 'Free threads, x += 1', 'Processes sharing a Value, v.value']) {
      const c = by(label);
      if (c.verdict === 'held') expect(c.text).toMatch(/\d+\.\d% lost/);
      else expect(c.text).toMatch(/hardly ran at the same time|changed hands only/);
    }
  });

  it('lesson 5 says each process added a core up to the cores, and that the cores then ran out', () => {
    const [cs] = concluded(load('pool-size', 'clean'));
    expect(cs!.map((c) => c.claim)).toEqual([
      expect.stringMatching(/^2 processes ÷ one process at least 1\.50×/),
      'Past 2 cores, more processes add nothing: the best of 3–3 within 15% of the speedup at 2',
    ]);
    expect(cs![1]!.text).toContain('The cores ran out');
  });

  it('lesson 6 states run lengths from the plan, and the loop recovering at a shorter switch interval', () => {
    const [first, second] = concluded(load('convoy', 'clean'));
    expect(first).toHaveLength(1);
    expect(first![0]!.text).toMatch(
      /That run took \d\.\d\d s: 2 × 0\.50 s of CPU work, one thread at a time under the GIL, is 1\.00 s\./,
    );
    expect(second!.map((c) => c.claim)).toEqual([
      expect.stringContaining('waits about a 1 ms switch interval'),
      'At 1 ms instead of 5 ms, the I/O loop keeps more of its rate beside 2 CPU-bound threads',
    ]);
    expect(second![1]!.text).toMatch(/kept \d+% of its rate at 5 ms \(go 1\) and \d+% at 1 ms \(go 2\)/);
  });
});

describe('beside CPU burners on every core', () => {
  it('every conclusion either holds or says the machine was busy', () => {
    for (const lesson of LESSONS) {
      for (const c of concluded(load(lesson.id, 'contended')).flat()) {
        expect(c.verdict, `${lesson.id}: ${c.text}`).not.toBe('not-held');
        if (c.verdict === 'cannot-tell') expect(c.text).toMatch(BUSY);
      }
    }
  });

  it('lesson 1 does not tell the parallel story when the burners took the cores', () => {
    const [cs] = concluded(load('cpu-bound', 'contended'));
    for (const c of cs!.slice(1)) {
      if (c.verdict !== 'held') expect(c.text).not.toContain('spreads over the cores');
    }
  });

  it('some claims can’t tell, and say it was the other programs’ load', () => {
    const busy = LESSONS.flatMap((l) => concluded(load(l.id, 'contended')).flat()).filter(
      (c) => c.verdict === 'cannot-tell',
    );
    expect(busy.length).toBeGreaterThan(0);
    for (const c of busy)
      expect(c.text).toMatch(/Meanwhile other programs kept .*, so this go can't tell whether the claim holds\.$/);
  });
});

describe('stopped partway', () => {
  it('no claim that reads the stopped run, or a run after it, holds or fails', () => {
    for (const lesson of LESSONS) {
      const f = load(lesson.id, 'cancelled');
      const all = concluded(f).flat();
      const tell = all.filter((c) => c.verdict === 'cannot-tell');
      expect(tell.length, lesson.id).toBeGreaterThan(0);
      for (const c of tell) expect(c.text).toMatch(STOPPED);
    }
  });

  it('lesson 1 stopped at the GIL threads: nothing about them, or the runs not made, and no figure to reveal', () => {
    const f = load('cpu-bound', 'cancelled');
    const [cs] = concluded(f);
    expect(verdicts(cs!)).toEqual(['cannot-tell', 'cannot-tell', 'cannot-tell']);
    expect(cs![0]!.text).toMatch(
      /^Threads, with the GIL: Stopped after \d+(\.\d+)? s; no result\. So this go can't tell\.$/,
    );
    expect(cs![1]!.text).toContain('The runs after it were not made');
    for (const c of cs!) expect(c.text).not.toMatch(/speedup of|GIL let one thread/);
    expect(lessonOf('cpu-bound').prediction!.measured(f.goes[0]!.results)).toBeNull();
  });

  it('lesson 6 stopped in its second go: the first go still holds, the change between them can’t tell', () => {
    const [first, second] = concluded(load('convoy', 'cancelled'));
    expect(verdicts(first!)).toEqual(['held']);
    expect(verdicts(second!)).toEqual(['cannot-tell', 'cannot-tell']);
    expect(lessonOf('convoy').prediction!.measured(load('convoy', 'cancelled').goes[1]!.results)).toBeNull();
  });

  it('lesson 3 stopped while sending the payload: the pool’s claim stands on its own runs', () => {
    const [cs] = concluded(load('overhead', 'cancelled'));
    expect(verdicts(cs!)).toEqual(['held', 'cannot-tell']);
  });
});

describe('a claim the numbers do not bear out', () => {
  it('says so, and gives no reason it did not measure', () => {
    // The quiet go as measured, with the processes' run given the GIL threads' measurement: a
    // run that didn't spread, on a quiet machine, with as many workers as cores and tasks long
    // enough to be worth sending. Nothing measured explains it, and the conclusion says that.
    const f = load('cpu-bound', 'clean');
    const go = structuredClone(f.goes[0]!);
    const gil = go.results.find((r) => r.run.key === 'threads-gil')!;
    go.results.find((r) => r.run.key === 'processes')!.measurement = gil.measurement;
    const [, c] = concludeGo(lessonOf('cpu-bound'), [go], 0, f.cores);
    expect(c!.verdict).toBe('not-held');
    expect(c!.text).toMatch(/^Processes took \d\.\d\d s against one thread's \d\.\d\d s, a speedup of [01]\.\d\d×/);
    expect(c!.text).toMatch(
      /Not as the lesson expects; the likeliest measured reason: nothing measured explains it: other programs kept 0\.\d\d of 2 cores' worth busy, and no run was stopped\.$/,
    );
    expect(c!.text).not.toContain('spreads over the cores');
  });

  it('can’t tell whether updates race when the workers measurably never overlapped; when they did, an exact count is not as expected', () => {
    const f = load('shared-state', 'clean');
    // The free threads' run with every update kept, quiet as measured, at two levels of overlap.
    const freeThreads = (busy: number) => {
      const go = structuredClone(f.goes[0]!);
      const m = go.results.find((r) => r.run.key === 'free')!.measurement!;
      m.busyCores = { ...m.busyCores, median: busy };
      m.runs = m.runs.map((r) => ({
        ...r,
        otherBusyCores: 0.05,
        counter: { expected: 4_000_000, final: 4_000_000, lost: 0 },
      }));
      return concludeGo(lessonOf('shared-state'), [go], 0, f.cores).find((c) => c.claim.startsWith('Free threads'))!;
    };
    const apart = freeThreads(0.51);
    expect(apart.verdict).toBe('cannot-tell');
    expect(apart.text).toMatch(
      /^Free threads, x \+= 1: 4,000,000 of 4,000,000 \(exact\)\. The workers hardly ran at the same time: 0\.51 cores' worth busy over .*, so this go can't tell whether the claim holds\.$/,
    );
    const together = freeThreads(1.8);
    expect(together.verdict).toBe('not-held');
    expect(together.text).toContain('Not as the lesson expects');
  });

  it('under one GIL, judges a race by the GIL’s switches, not by cores’ worth busy, which is one core’s at most', () => {
    const f = load('shared-state', 'clean');
    const callBetween = (switches: number) => {
      const go = structuredClone(f.goes[0]!);
      const m = go.results.find((r) => r.run.key === 'call-between')!.measurement!;
      m.runs = m.runs.map((r) => ({
        ...r,
        otherBusyCores: 0.05,
        counter: { expected: 4_000_000, final: 4_000_000, lost: 0 },
        gil: { ...r.gil!, switches },
      }));
      return concludeGo(lessonOf('shared-state'), [go], 0, f.cores).find((c) =>
        c.claim.startsWith('GIL threads, call between'),
      )!;
    };
    const few = callBetween(3);
    expect(few.verdict).toBe('cannot-tell');
    expect(few.text).toContain('The GIL changed hands only 3 times');
    const many = callBetween(200);
    expect(many.verdict).toBe('not-held');
    expect(many.text).not.toMatch(/hardly ran at the same time/);
  });

  it('names too few tasks for the workers, or tasks too short to be worth sending, when those were measured', () => {
    const f = load('pool-size', 'clean');
    const go = structuredClone(f.goes[0]!);
    // The 2-process run given the 1-process run's measurement: no faster than one.
    const one = go.results.find((r) => r.run.key === 'w1')!;
    const two = go.results.find((r) => r.run.key === 'w2')!;
    two.measurement = { ...one.measurement!, params: { ...one.measurement!.params, workers: 2, tasks: 1 } };
    const [first] = concludeGo(lessonOf('pool-size'), [go], 0, f.cores);
    expect(first!.verdict).toBe('not-held');
    expect(first!.text).toContain('the likeliest measured reason: only 1 task for 2 workers, so 1 had nothing to do.');
  });
  it('names cores that ran at different speeds when one worker took longer over the same task', () => {
    const f = load('cpu-bound', 'clean');
    // The quiet go's processes, slower than the lesson expects, with their workers' tasks and
    // CPU time as a VM whose second core ran 1.6 times slower left them, or as even cores would.
    const processes = (workers: { tasks: number; cpuMs: number }[]) => {
      const go = structuredClone(f.goes[0]!);
      const one = go.results.find((r) => r.run.key === 'sequential')!.measurement!;
      const m = go.results.find((r) => r.run.key === 'processes')!.measurement!;
      m.wallMs = { ...m.wallMs, median: one.wallMs.median / 1.4 };
      m.runs = m.runs.map((r) => ({
        ...r,
        otherBusyCores: 0.02,
        waitingForCore: null,
        workers: workers.map((w, i) => ({ worker: i, pid: 100 + i, ...w })),
      }));
      return concludeGo(lessonOf('cpu-bound'), [go], 0, f.cores).find((c) => c.claim.startsWith('Processes'))!;
    };
    const uneven = processes([
      { tasks: 3, cpuMs: 3000 },
      { tasks: 1, cpuMs: 1600 },
    ]);
    expect(uneven.verdict).toBe('not-held');
    expect(uneven.text).toContain(
      "the likeliest measured reason: the workers' cores ran at different speeds: the same task took 1.000 s of CPU on one and 1.600 s on another, so the faster did 3 tasks to the slower's 1 and ran its last ones alone.",
    );
    const even = processes([
      { tasks: 2, cpuMs: 2000 },
      { tasks: 2, cpuMs: 2100 },
    ]);
    expect(even.verdict).toBe('not-held');
    expect(even.text).toContain('the likeliest measured reason: nothing measured explains it');
  });
});

describe('with twice as many workers as cores', () => {
  it('lesson 1: 4 workers on 2 cores give about 2×, and the conclusion says why no more', () => {
    const f = load('cpu-bound', 'oversubscribed');
    const [cs] = concluded(f);
    expect(verdicts(cs!)).toEqual(['held', 'held', 'held']);
    expect(cs![1]!.claim).toContain('2.00× that 4 tasks on 4 workers and 2 cores allow');
    const waiting = f.goes[0]!.results.some((r) => r.measurement?.runs.some((x) => x.waitingForCore !== null));
    expect(cs![1]!.text).toMatch(
      waiting
        ? /waiting for a core \d+% of the time/
        : /4 workers shared 2 cores, so they took turns \(how long each waited for a core is not measured on this system\)/,
    );
  });

  it('every claim of lessons 1, 2, 4, 5, 6 and the guide holds', () => {
    for (const id of ['cpu-bound', 'io-bound', 'shared-state', 'pool-size', 'convoy', 'guide']) {
      for (const cs of concluded(load(id, 'oversubscribed'))) expect(verdicts(cs), id).toEqual(cs.map(() => 'held'));
    }
  });

  it('with the wait measured and the claim failing, gives the wait as the reason', () => {
    // As above, and the processes' run given the GIL threads' measured time instead of its own.
    const f = load('cpu-bound', 'oversubscribed');
    const go = structuredClone(f.goes[0]!);
    const gil = go.results.find((r) => r.run.key === 'threads-gil')!.measurement!;
    const processes = go.results.find((r) => r.run.key === 'processes')!;
    processes.measurement = {
      ...processes.measurement!,
      wallMs: gil.wallMs,
      runs: processes.measurement!.runs.map((round) => ({ ...round, waitingForCore: { ms: 900, share: 0.5 } })),
    };
    const [, c] = concludeGo(lessonOf('cpu-bound'), [go], 0, f.cores);
    expect(c!.verdict).toBe('not-held');
    expect(c!.text).toContain(
      'the likeliest measured reason: the 4 workers were ready to run but waiting for a core 50% of the time, on 2 cores.',
    );
  });

  it('uses the measured wait for a core when the engine reports it', () => {
    // The oversubscribed go as measured, with the processes' rounds given a wait for a core, as the
    // engine reports it on Linux: the conclusion quotes the measured share instead of the plan.
    const f = load('cpu-bound', 'oversubscribed');
    const go = structuredClone(f.goes[0]!);
    for (const r of go.results) {
      if (r.run.key !== 'processes' || !r.measurement) continue;
      for (const round of r.measurement.runs) round.waitingForCore = { ms: round.wallMs * 2 * 0.48, share: 0.48 };
    }
    const [, processes] = concludeGo(lessonOf('cpu-bound'), [go], 0, f.cores);
    expect(processes!.text).toContain(
      'The 4 workers were ready to run but waiting for a core 48% of the time, on 2 cores.',
    );
  });
});
