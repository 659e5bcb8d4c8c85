/**
 * What the lessons about threads getting in each other's way expect, as claims over a go's
 * measurements: the counter race (lesson 4) and the convoy effect (lesson 6), including the
 * convoy's recovery from one go to the next at another switch interval.
 */
import { completed, find, fmt, type ConcludeContext, type Conclusion, type LessonGo } from './lesson';
import { busyOf, judge, seconds, type Claim, type Done } from './claims';

/** What a counter run should come to: every update kept, some lost, or each process counting its own copy. */
export type CounterExpectation = 'exact' | 'loses' | 'own-copies';

/** One counter run's expectation, and what it shows when it holds. */
export interface CounterClaim {
  key: string;
  expect: CounterExpectation;
  shows: string;
}

function counterOf(step: Done) {
  return step.measurement.runs.at(-1)?.counter ?? null;
}

const count = (n: number) => n.toLocaleString('en');

/** Why a run could not show updates racing: the workers hardly overlapped, so nothing raced. */
function noOverlap(step: Done, cores: number): string | null {
  const busy = busyOf(step);
  const { mode, workers } = step.measurement.params;
  // Under one GIL the threads interleave at its switches, on any number of cores.
  if (mode === 'threads-gil') {
    const switches = step.measurement.runs.at(-1)?.gil?.switches ?? null;
    return switches !== null && switches < 2 * workers
      ? `the GIL changed hands only ${switches} times, so a switch seldom landed between a read and its write`
      : null;
  }
  if (cores < 2) return `on ${cores} core the workers never ran at the same instant, only in turns`;
  if (busy < 1.1)
    return `the workers hardly ran at the same time: ${fmt(busy)} cores' worth busy over ${seconds(step, 3)}, so one had nearly finished before the next began`;
  return null;
}

function counterClaim(label: string, { key, expect, shows }: CounterClaim, cores: number): Claim {
  const claim =
    expect === 'exact'
      ? `${label}: every update kept`
      : expect === 'loses'
        ? `${label}: updates lost`
        : `${label}: the parent's counter stays at 0, and the counts the processes send back add up to every update`;
  return {
    claim,
    needs: [key],
    check: (step) => {
      const c = counterOf(step(key));
      if (!c) return { holds: false, found: `${label}: no counter was reported.`, shows };
      if (expect === 'own-copies') {
        return {
          holds: c.final === 0 && c.returned === c.expected,
          found: `${label}: the parent's counter stayed at ${count(c.final)} of ${count(c.expected)}; the counts the processes sent back with their results, as through a queue, add up to ${c.returned === undefined ? 'nothing' : count(c.returned)}.`,
          shows,
        };
      }
      const lost = c.lost === 0 ? 'exact' : `${fmt((100 * c.lost) / c.expected, 1)}% lost`;
      return {
        holds: expect === 'exact' ? c.lost === 0 : c.lost > 0,
        found: `${label}: ${count(c.final)} of ${count(c.expected)} (${lost}).`,
        shows,
      };
    },
    untested: (step) => (expect === 'loses' ? [noOverlap(step(key), cores)] : []),
  };
}

export function concludeCounter(
  go: LessonGo,
  { cores }: ConcludeContext,
  claims: readonly CounterClaim[],
): Conclusion[] {
  return go.results.flatMap((r) => {
    const c = claims.find((x) => x.key === r.run.key);
    return c ? [judge(go, cores, counterClaim(r.run.label, c, cores))] : [];
  });
}

/** The I/O loop's rate, loops per second, in a completed convoy step. */
export function loopRate(step: Done | undefined): number | null {
  return step?.measurement.runs.at(-1)?.ioLoop?.loopsPerSecond ?? null;
}

/**
 * Each round of the I/O loop waits about a switch interval or more to win the GIL back, so
 * beside CPU-bound threads it keeps at most about p ÷ (p + interval) of its rate, p being one
 * loop alone. The margin allows for a hand-back that comes a little early.
 */
const CONVOY_MARGIN = 1.25;
const CONVOY_BARELY = 0.95;

const threads = (k: number) => `${k} CPU-bound thread${k === 1 ? '' : 's'}`;

function convoyClaim(k: number, interval: number): Claim {
  const key = `cpu${k}`;
  return {
    claim: `Beside ${threads(k)}, each round of the I/O loop waits about a ${interval} ms switch interval or more for the GIL: it keeps at most ${CONVOY_MARGIN} × p ÷ (p + ${interval} ms) of its rate alone, p being one loop alone`,
    needs: ['cpu0', key],
    check: (step) => {
      const alone = loopRate(step('cpu0'));
      const beside = loopRate(step(key));
      if (!alone || beside === null) return { holds: false, found: 'The I/O loop reported no rate.', shows: '' };
      const p = 1000 / alone;
      const bound = Math.min(CONVOY_BARELY, (CONVOY_MARGIN * p) / (p + interval));
      const { taskMs } = step(key).measurement.params;
      const work = (taskMs ?? 0) / 1000;
      return {
        holds: beside / alone <= bound,
        found: `Alone, the loop ran ${fmt(alone, 0)} times a second (${fmt(p, 2)} ms a loop); beside ${threads(k)}, ${fmt(beside, 0)} times a second: ${fmt((100 * beside) / alone, 0)}% of its rate alone, against at most ${fmt(100 * bound, 0)}%. That run took ${seconds(step(key))}: ${k} × ${fmt(work)} s of CPU work, one thread at a time under the GIL, is ${fmt(k * work)} s.`,
        shows: 'Each time the loop gave the GIL away, it waited for a CPU-bound thread to hand it back.',
      };
    },
  };
}

/** The largest number of CPU-bound threads this go measured beside the loop, and on which switch interval. */
function besideMost(go: LessonGo): { k: number; interval: number } | null {
  const ks = go.results.map((r) => Number(r.run.key.slice(3))).filter((k) => k > 0);
  if (ks.length === 0) return null;
  const k = go.values.cpuThreads ?? Math.max(...ks);
  return { k, interval: find(go.results, `cpu${k}`)?.run.request.params.switchIntervalMs ?? go.values.interval ?? 5 };
}

function share(go: LessonGo, k: number): number | null {
  const alone = find(go.results, 'cpu0');
  const beside = find(go.results, `cpu${k}`);
  if (!completed(alone) || !completed(beside)) return null;
  return loopRate(beside)! / loopRate(alone)!;
}

export function concludeConvoy(go: LessonGo, { cores, earlier }: ConcludeContext): Conclusion[] {
  const most = besideMost(go);
  if (!most) return [];
  const conclusions = [judge(go, cores, convoyClaim(most.k, most.interval))];
  // The recovery the lesson promises: the latest earlier go at another interval, beside as many threads.
  const before = [...earlier].reverse().find((g) => {
    const other = besideMost(g);
    return other && other.interval !== most.interval && share(g, most.k) !== null;
  });
  if (before) {
    const then = besideMost(before)!.interval;
    const shorter = most.interval < then;
    const was = share(before, most.k)!;
    conclusions.push(
      judge(go, cores, {
        claim: `At ${most.interval} ms instead of ${then} ms, the I/O loop keeps ${shorter ? 'more' : 'less'} of its rate beside ${threads(most.k)}`,
        needs: ['cpu0', `cpu${most.k}`],
        elsewhere: before.results.filter((r) => r.run.key === 'cpu0' || r.run.key === `cpu${most.k}`),
        check: () => {
          const now = share(go, most.k)!;
          return {
            holds: shorter ? now > was : now < was,
            found: `Beside ${threads(most.k)} the loop kept ${fmt(100 * was, 0)}% of its rate at ${then} ms (go ${before.go}) and ${fmt(100 * now, 0)}% at ${most.interval} ms (go ${go.go}).`,
            shows: shorter
              ? 'A shorter switch interval hands the GIL back sooner, at the cost of more switching.'
              : 'A longer switch interval keeps the loop waiting longer for the GIL.',
          };
        },
      }),
    );
  }
  return conclusions;
}
