// Measures every lesson's planned runs through the real engine and saves each as the lesson goes
// the app would keep, under tests/fixtures/lessons/<lesson>.<condition>.json. The tests of the
// lessons' conclusions (tests/renderer/lessons-claims.test.ts) read them.
//
//   node scripts/lesson-fixtures.mjs                      every lesson and condition not yet saved
//   node scripts/lesson-fixtures.mjs --again              measure every one again
//   node scripts/lesson-fixtures.mjs --only convoy,pool-size --conditions clean,cancelled --again
//
// It builds first if the build is stale (the task and sampler workers run from out/main/workers),
// then runs the engine in this process (RunManager, as the app does), one backend for the whole
// script so a task is sized once, as in one sitting of the app. Plans come from the lesson catalog
// itself (through tsx), so the fixtures follow the lessons. Four conditions, each a go of every
// lesson, sized to take seconds:
//
//   clean           the machine quiet: it waits for a second of other load under a quarter core,
//                   and measures a go again if any of its runs saw more, for up to --patience
//                   minutes (default 20); it never saves a busy go (the same holds for
//                   cancelled and oversubscribed), and moves on to the next, exiting 1 at the end
//   contended       a CPU burner process spinning on every core (tests/support/burn.mjs), started
//                   before the go and stopped after it
//   cancelled       the go stopped as Stop does: one run cancelled partway, the rest not made
//   oversubscribed  workers = 2 × cores
//
// The convoy lesson has two goes in every file, at a 5 ms and then a 1 ms switch interval, for
// its claim about the change between goes. The guide's has two goes, each a verdict's proof:
// asyncio for many waits, then processes for Python code.
// A full run loads the machine for about three minutes on 2 cores; re-run it after the engine
// changes what a measurement holds (waiting for a core, task re-sizing), and commit the files.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { register } from 'tsx/esm/api';
import { buildIfStale, root } from './lib/build.mjs';

if (!buildIfStale()) process.exit(1);
register();
const src = (file) => import(pathToFileURL(path.join(root, file)).href);
const { LESSONS } = await src('src/renderer/src/lessons/catalog.ts');
const { GUIDE } = await src('src/renderer/src/lessons/guide.ts');
const { defaults, describeSettings } = await src('src/renderer/src/lessons/lesson.ts');
const { busyThreshold, otherLoad } = await src('src/renderer/src/lessons/assess.ts');
const { StartRunRequestSchema } = await src('src/shared/measurement.ts');
const { createBackends, closeBackends } = await src('src/core/backends/registry.ts');
const { CpuMonitor } = await src('src/core/monitor/cpu-monitor.ts');
const { forkHost } = await src('src/core/pool/process-host.ts');
const { RunManager } = await src('src/core/run/run-manager.ts');
const { builtWorkerLocator } = await src('src/core/workers/spawn-thread.ts');
const { Burner } = await src('tests/support/burner.ts');

const CONDITIONS = ['clean', 'contended', 'cancelled', 'oversubscribed'];
const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    conditions: { type: 'string' },
    again: { type: 'boolean' },
    patience: { type: 'string', default: '20' },
  },
});
const lessonIds = args.only ? args.only.split(',') : LESSONS.map((l) => l.id);
const conditions = args.conditions ? args.conditions.split(',') : CONDITIONS;
const cores = os.availableParallelism();
const out = path.join(root, 'tests/fixtures/lessons');

/**
 * Per lesson: the sliders for a short go, what oversubscribed changes, which run the cancelled
 * go stops and how long after its first task started, and its goes' own settings (the convoy's
 * two switch intervals).
 */
const SETUPS = {
  'cpu-bound': {
    values: { tasks: 4, workers: cores, taskSeconds: 0.25 },
    oversubscribed: { tasks: 2 * cores, workers: 2 * cores },
    cancel: { step: 'threads-gil', afterMs: 400 },
  },
  'io-bound': {
    values: { waitSeconds: 0.1 },
    oversubscribed: { workers: 2 * cores },
    cancel: { step: 'sequential', afterMs: 400 },
  },
  overhead: {
    values: {},
    oversubscribed: { workers: 2 * cores },
    cancel: { step: 'transfer', afterMs: 40 },
  },
  'shared-state': {
    values: {},
    oversubscribed: { workers: Math.min(8, 2 * cores) },
    cancel: { step: 'value', afterMs: 300 },
  },
  'pool-size': {
    values: { maxWorkers: cores + 1, taskSeconds: 0.1 },
    oversubscribed: { maxWorkers: 2 * cores },
    cancel: { step: 'w2', afterMs: 100 },
  },
  convoy: {
    values: { seconds: 0.5 },
    oversubscribed: { cpuThreads: Math.min(4, 2 * cores) },
    cancel: { step: 'cpu2', afterMs: 300 },
    goes: [{ interval: 5 }, { interval: 1 }],
  },
  guide: {
    values: {},
    oversubscribed: {},
    cancel: { step: 'processes', afterMs: 200 },
    goes: [{}, {}],
    verdicts: ['asyncio', 'processes'],
  },
};

const locateWorker = builtWorkerLocator(pathToFileURL(path.join(root, 'out/main/cli.js')).href);
const backends = createBackends({ locateWorker, processHost: forkHost });
const monitor = new CpuMonitor({ locateWorker, hz: 10, log: () => {} });
const runs = new RunManager(backends, monitor);
monitor.start();

/** CPU time every core has spent busy, and in all, in ms, from the OS's per-core times. */
function machineTimes() {
  return os.cpus().reduce(
    (acc, c) => {
      const t = c.times;
      acc.busy += t.user + t.nice + t.sys + t.irq;
      acc.all += t.user + t.nice + t.sys + t.irq + t.idle;
      return acc;
    },
    { busy: 0, all: 0 },
  );
}

/** Cores' worth busy on the whole machine over `ms`. */
async function machineBusy(ms = 1000) {
  const a = machineTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineTimes();
  return ((b.busy - a.busy) / Math.max(1, b.all - a.all)) * cores;
}

/**
 * CPU time of this process (the engine and its threads) and its child processes (the workers),
 * in ms, from /proc; null where there is no /proc. The monitor's "other load" counts everything
 * but the tasks' own CPU, including the engine handing tasks out, so a quiet machine is checked
 * against this instead: the machine's busy time less the lab's own.
 */
function labCpuMs() {
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  const read = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return { ppid: Number(fields[1]), ticks: fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) };
    } catch {
      return null;
    }
  };
  const self = read(process.pid);
  if (!self) return null;
  let ticks = self.ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const child = read(entry);
    if (child?.ppid === process.pid) ticks += child.ticks;
  }
  return ticks * TICK_MS;
}

/** Waits, until `deadline`, for a second in which other programs kept less than the threshold busy. */
async function waitForQuiet(deadline) {
  for (let i = 0; Date.now() < deadline; i++) {
    const busy = await machineBusy();
    if (busy < busyThreshold(cores)) return true;
    if (i % 30 === 0) console.error(`  waiting for a quiet machine (${busy.toFixed(2)} cores' worth busy)`);
  }
  return false;
}

/** One planned run through the engine, as the lessons store sends it; cancelled `afterMs` after its first task started. */
function measure(run, tag, afterMs) {
  const request = StartRunRequestSchema.parse({ ...run.request, tag });
  const [machineBefore, labBefore] = [machineTimes(), labCpuMs()];
  const keep = (result) => {
    const [machine, lab] = [machineTimes(), labCpuMs()];
    const all = Math.max(1, machine.all - machineBefore.all);
    if (lab !== null) othersBusy.set(result, ((machine.busy - machineBefore.busy - (lab - labBefore)) / all) * cores);
    return result;
  };
  return new Promise((resolve) => {
    let runId;
    let timer;
    const offProgress = runs.progressed.add((e) => {
      if (afterMs === undefined || timer || e.runId !== runId) return;
      if (!e.events.some((x) => x.type === 'task-started')) return;
      timer = setTimeout(() => runs.cancel(runId), afterMs);
    });
    const offFinished = runs.finished.add((e) => {
      if (e.runId !== runId) return;
      clearTimeout(timer);
      offProgress();
      offFinished();
      // The manager frees itself just after it says the run finished.
      setImmediate(() => resolve(keep({ run, measurement: e.measurement, error: e.error })));
    });
    try {
      ({ runId } = runs.start(request));
    } catch (error) {
      offProgress();
      offFinished();
      resolve({ run, measurement: null, error: error.message });
    }
  });
}

/**
 * The plan a lesson runs with these slider values; the guide's is the proof of the verdict its
 * go number names. Oversubscribed changes the processes' proof only: an event loop is one thread
 * however many workers a pool has.
 */
function planOf(lesson, values, condition, number) {
  if (lesson.id !== 'guide') return lesson.plan(values, cores);
  const verdict = SETUPS.guide.verdicts[number - 1];
  const proof = GUIDE[verdict].proof(cores);
  if (condition !== 'oversubscribed' || verdict !== 'processes') return proof;
  return proof.map((step) =>
    step.mode === 'sequential'
      ? { ...step, request: { ...step.request, params: { ...step.request.params, tasks: 2 * cores } } }
      : {
          ...step,
          request: { ...step.request, params: { ...step.request.params, workers: 2 * cores, tasks: 2 * cores } },
        },
  );
}

/** One go of a lesson, stopped as Stop does when a run ends cancelled. */
async function runGo(lesson, number, values, condition) {
  const setup = SETUPS[lesson.id];
  const go = { go: number, values, settings: describeSettings(lesson, values), results: [] };
  const lastGo = number === (setup.goes?.length ?? 1);
  for (const run of planOf(lesson, values, condition, number)) {
    const cancelHere = condition === 'cancelled' && lastGo && run.key === setup.cancel.step;
    const tag = { lesson: lesson.id, go: number, step: run.key, settings: go.settings };
    const result = await measure(run, tag, cancelHere ? setup.cancel.afterMs : undefined);
    go.results.push(result);
    console.error(
      `  ${run.label}: ${result.measurement?.outcome ?? 'failed'}, ${result.measurement ? `${(result.measurement.wallMs.median / 1000).toFixed(3)} s` : result.error}`,
    );
    if (result.error || result.measurement?.outcome !== 'completed') break;
  }
  return go;
}

async function runLesson(lesson, condition) {
  const setup = SETUPS[lesson.id];
  const values = {
    ...defaults(lesson, cores),
    ...setup.values,
    ...(condition === 'oversubscribed' ? setup.oversubscribed : {}),
  };
  const goes = [];
  for (const [i, extra] of (setup.goes ?? [{}]).entries())
    goes.push(await runGo(lesson, i + 1, { ...values, ...extra }, condition));
  return goes;
}

/** Per measured step, the cores' worth other programs kept busy while it ran: the machine's less the lab's own. */
const othersBusy = new WeakMap();

/** Why a go can't count as measured on a quiet machine, or null if it can. */
function busyWhile(goes) {
  const steps = goes.flatMap((g) => g.results);
  const worst = Math.max(0, ...steps.map((r) => othersBusy.get(r) ?? otherLoad({ results: [r] }) ?? 0));
  return worst > busyThreshold(cores) ? `other programs kept ${worst.toFixed(2)} cores busy` : null;
}

/** A lesson's goes under a condition, or null if the machine stayed too busy to measure them cleanly. */
async function record(lesson, condition) {
  console.error(`${lesson.id}, ${condition}`);
  const burner = condition === 'contended' ? await Burner.start({ processes: cores, duty: 1 }) : null;
  const deadline = Date.now() + Number(args.patience) * 60_000;
  try {
    for (;;) {
      if (condition !== 'contended' && !(await waitForQuiet(deadline))) return null;
      const goes = await runLesson(lesson, condition);
      const busy = condition === 'contended' ? null : busyWhile(goes);
      if (!busy) return goes;
      console.error(`  ${busy}; measuring again`);
    }
  } finally {
    await burner?.stop();
  }
}

mkdirSync(out, { recursive: true });
const missed = [];
try {
  for (const condition of conditions) {
    for (const id of lessonIds) {
      const lesson = LESSONS.find((l) => l.id === id);
      if (!lesson) throw new Error(`no lesson "${id}"`);
      const file = path.join(out, `${id}.${condition}.json`);
      if (existsSync(file) && !args.again) continue;
      const goes = await record(lesson, condition);
      if (!goes) {
        missed.push(`${id}.${condition}`);
        continue;
      }
      const fixture = {
        lesson: id,
        condition,
        cores,
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        recordedAt: new Date().toISOString(),
        goes,
      };
      const style = { ...(await prettier.resolveConfig(file)), filepath: file };
      writeFileSync(file, await prettier.format(JSON.stringify(fixture), style));
    }
  }
} finally {
  await closeBackends(backends);
  await monitor.stop();
}
if (missed.length > 0) {
  console.error(`The machine stayed busy; not measured: ${missed.join(', ')}. Run again when it is quieter.`);
  process.exitCode = 1;
}
