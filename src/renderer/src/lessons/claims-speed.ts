/**
 * What the lessons about speed expect, as claims over a go's measurements: CPU-bound work
 * (lesson 1), overhead (3), the pool-size sweep (5) and the decision guide's proof (7); I/O-bound
 * work (2) is in claims-io.ts. Each claim names its bounds and is judged by claims.ts.
 */
import { MODE_TRAITS } from '../../../shared/modes';
import { flatPastCores } from '../lib/amdahl';
import {
  busyOf,
  coreSharing,
  fairShare,
  fewTasks,
  idealSpeedup,
  judge,
  overheadOutweighs,
  plannedParams,
  raced,
  seconds,
  speedupOf,
  type Claim,
  type StepOf,
  unevenCores,
} from './claims';
import { fmt, type ClaimContext, type Conclusion, type LessonGo } from './lesson';

interface Race {
  /** The step raced against, and what to call it: "one thread". */
  base: string;
  baseName: string;
  key: string;
  name: string;
  /** What the numbers show when the claim held. */
  shows: string;
}

/** A race's result in words: "Processes took 0.49 s against one thread's 0.95 s, a speedup of 1.92×, …". */
function raceWords(step: StepOf, cores: number, { base, baseName, key, name }: Race) {
  const { one, run, s } = raced(step, base, key);
  const found = `${name} took ${seconds(run)} against ${baseName}'s ${seconds(one)}, a speedup of ${fmt(s)}×, with ${fmt(busyOf(run))} of ${cores} cores' worth busy.`;
  return { run, s, found };
}

const BUSY_GIL_MAX = 1.2;

/** GIL threads against one thread: no faster, and about one core busy. */
function gilHoldsOneCore(cores: number, race: Race): Claim {
  return {
    claim: `${race.name} ÷ ${race.baseName} within 0.80–1.20×, at most ${BUSY_GIL_MAX} cores' worth busy`,
    needs: [race.base, race.key],
    check: (step) => {
      const { run, s, found } = raceWords(step, cores, race);
      return { holds: s >= 0.8 && s <= 1.2 && busyOf(run) <= BUSY_GIL_MAX, found, shows: race.shows };
    },
    reasons: (step) => [coreSharing(step(race.key), cores)],
  };
}

/**
 * Work that can run in parallel against one thread: at least a fair share of the best that its
 * tasks, workers and the machine's cores allow.
 */
function spreadsOverCores(go: LessonGo, context: ClaimContext, race: Race): Claim {
  const { cores } = context;
  const { base, baseName, key, name } = race;
  const params = plannedParams(go, context, key);
  const ideal = params ? idealSpeedup(params, cores) : null;
  const share = params ? fairShare(params) : 1;
  const floor = ideal === null ? null : share * ideal;
  const where =
    params && MODE_TRAITS[params.mode].lanes === 'one'
      ? `${params.tasks} tasks on one thread allow`
      : `${params?.tasks} tasks on ${params?.workers} workers and ${cores} cores allow`;
  const claim =
    ideal === null || !params
      ? `${name} faster than ${baseName}`
      : `${name} ÷ ${baseName} at least ${fmt(floor)}×: ${fmt(100 * share, 0)}% of the ${fmt(ideal)}× that ${where}`;
  return {
    claim,
    needs: [base, key],
    check: (step) => {
      const { s, found } = raceWords(step, cores, race);
      const nowhere = ideal !== null && ideal < 1.2;
      return {
        holds: floor === null ? s > 1 : s >= floor,
        found,
        shows: nowhere ? 'With nowhere else to run, that is as fast as it can go.' : race.shows,
      };
    },
    reasons: (step) => [
      coreSharing(step(key), cores),
      fewTasks(step(key)),
      unevenCores(step(key)),
      overheadOutweighs(step(key), step(base)),
    ],
    note: (step) => coreSharing(step(key), cores),
  };
}

export function concludeCpuBound(go: LessonGo, context: ClaimContext): Conclusion[] {
  const { cores } = context;
  const race = (key: string, name: string, shows: string): Race => ({
    base: 'sequential',
    baseName: 'one thread',
    key,
    name,
    shows,
  });
  const spreads = 'Without a shared lock, the work spreads over the cores.';
  const oneAtATime = 'The GIL let one thread run at a time, however the scheduler spread them.';
  return [
    judge(go, cores, gilHoldsOneCore(cores, race('threads-gil', 'GIL threads', oneAtATime))),
    judge(go, cores, spreadsOverCores(go, context, race('processes', 'Processes', spreads))),
    judge(go, cores, spreadsOverCores(go, context, race('threads-free', 'Free threads', spreads))),
  ];
}

/** How many times a tiny task's hand-off a payload's must take for copying to count as a cost of its own. */
const PAYLOAD_HANDOFF_TIMES = 10;

export function concludeOverhead(go: LessonGo, context: ClaimContext): Conclusion[] {
  const { cores } = context;
  const tasks = plannedParams(go, context, 'processes')?.tasks;
  const pool: Claim = {
    claim: `The process pool slower than the plain loop on ${tasks ?? 'its'} tiny tasks: pool ÷ loop below 1×`,
    needs: ['sequential', 'processes'],
    check: (step) => {
      const { one: loop, run: proc, s } = raced(step, 'sequential', 'processes');
      return {
        holds: s < 1,
        found: `The plain loop took ${seconds(loop, 3)}; the process pool took ${seconds(proc, 3)} (${fmt(s)}×). Each hand-off to a process waited ${fmt(proc.measurement.runs.at(-1)?.dispatchMs.median ?? null, 3)} ms on median before it started, and starting a worker process took ${fmt(proc.measurement.spawnMs.median, 0)} ms on median.`,
        shows: 'With tasks this small, handing them out costs more than doing them.',
      };
    },
    reasons: (step) => {
      const loop = step('sequential').measurement;
      const perTaskMs = loop.wallMs.median / loop.params.tasks;
      return [`each task took ${fmt(perTaskMs, 3)} ms in the loop, enough work to be worth handing out`];
    },
  };
  const payload = plannedParams(go, context, 'transfer');
  const mib = (payload?.payloadBytes ?? 0) / 1024 / 1024;
  const copying: Claim = {
    // Against the same pool's hand-off of a tiny task, not against the worker's work on the
    // payload: the two are different speeds of the machine (copying bytes, and a checksum over
    // them), and their ratio moved from a half to a third between two quiet sittings here.
    claim: `Sending ${fmt(mib, 0)} MiB to a process makes each hand-off at least ${PAYLOAD_HANDOFF_TIMES}× as long as a tiny task's`,
    needs: ['processes', 'transfer'],
    check: (step) => {
      const m = step('transfer').measurement;
      const round = m.runs.at(-1)!;
      const handOffMs = round.dispatchMs.median;
      const tinyMs = step('processes').measurement.runs.at(-1)?.dispatchMs.median ?? 0;
      const cpuPerTaskMs = round.workers.reduce((sum, w) => sum + w.cpuMs, 0) / Math.max(1, m.params.tasks);
      const against = tinyMs > 0 ? `, ${fmt(handOffMs / tinyMs, 0)} times a tiny task's ${fmt(tinyMs, 3)} ms` : '';
      return {
        holds: handOffMs >= PAYLOAD_HANDOFF_TIMES * tinyMs,
        found: `Sending ${fmt(mib, 0)} MiB to a process ${m.params.tasks} times (${fmt(mib * m.params.tasks, 0)} MiB in all) took ${seconds(step('transfer'), 3)}. Each hand-off waited ${fmt(handOffMs, 0)} ms on median before the task could start, about ${fmt(handOffMs > 0 ? mib / (handOffMs / 1000) : null, 0)} MiB/s of serialising and copying${against}; the worker then spent ${fmt(cpuPerTaskMs, 0)} ms of CPU on each.`,
        shows: 'A task’s payload is copied on every hand-off: the larger it is, the more of each task is copying.',
      };
    },
  };
  return [judge(go, cores, pool), judge(go, cores, copying)];
}

/** Past the cores, speedup stays within this factor of the speedup on as many workers as cores. */
const FLAT_WITHIN = 1.15;

export function concludePoolSize(go: LessonGo, context: ClaimContext): Conclusion[] {
  const { cores } = context;
  const largest = go.values.maxWorkers ?? Math.max(0, ...go.results.map((r) => r.run.request.params.workers));
  const upTo = Math.min(largest, cores);
  const conclusions: Conclusion[] = [];
  if (upTo > 1) {
    const race: Race = {
      base: 'w1',
      baseName: 'one process',
      key: `w${upTo}`,
      name: `${upTo} processes`,
      shows: `Up to ${cores} cores, each process adds about a core.`,
    };
    conclusions.push(judge(go, cores, spreadsOverCores(go, context, race)));
  }
  if (largest > cores) {
    const beyond = Array.from({ length: largest - cores }, (_, i) => `w${cores + i + 1}`);
    const needs = ['w1', `w${cores}`, ...beyond];
    conclusions.push(
      judge(go, cores, {
        claim: `Past ${cores} cores, more processes add nothing: the best of ${cores + 1}–${largest} within ${fmt(100 * (FLAT_WITHIN - 1), 0)}% of the speedup at ${cores}`,
        needs,
        check: (step) => {
          const points = needs.map((key) => ({
            workers: step(key).measurement.params.workers,
            speedup: speedupOf(step('w1'), step(key)),
          }));
          const flat = flatPastCores(points, cores, FLAT_WITHIN)!;
          return {
            holds: flat.flat,
            found: `${cores} processes ran ${fmt(flat.atCores.speedup)}× as fast as one; the best past the cores was ${flat.bestBeyond.workers} processes at ${fmt(flat.bestBeyond.speedup)}×.`,
            shows: 'The cores ran out: past them, processes take turns, and the fixed costs remain.',
          };
        },
        reasons: (step) => [coreSharing(step(`w${largest}`), cores)],
        note: (step) => coreSharing(step(`w${largest}`), cores),
      }),
    );
  }
  return conclusions;
}

/**
 * The guide's proof: the advised way against the obvious one. Against one thread, the advised
 * way must reach a fair share of what its tasks and the cores allow; against anything else
 * (a process pool for tiny tasks), it must simply be faster.
 */
export function concludeGuide(go: LessonGo, context: ClaimContext): Conclusion[] {
  const { cores } = context;
  const [first, second] = go.results;
  if (!first || !second) return [];
  const a = first.run;
  const b = second.run;
  const shows = 'The advice holds on this machine.';
  if (a.mode === 'sequential') {
    const race: Race = { base: a.key, baseName: 'one thread', key: b.key, name: b.label, shows };
    return [judge(go, cores, spreadsOverCores(go, context, race))];
  }
  const obvious = a.label.toLowerCase();
  return [
    judge(go, cores, {
      claim: `${b.label} faster than ${obvious}`,
      needs: [a.key, b.key],
      check: (step) => {
        const s = speedupOf(step(a.key), step(b.key));
        return {
          holds: s > 1,
          found: `${b.label} took ${seconds(step(b.key), 3)} against ${seconds(step(a.key), 3)} for ${obvious}: ${fmt(s)}× as fast.`,
          shows,
        };
      },
      reasons: (step) => [overheadOutweighs(step(a.key), step(b.key))],
    }),
  ];
}
