import { otherBusyCores, SIMULATED_THREADS } from './measurement';
import { SESSION_FORMAT, SESSION_SCHEMA_VERSION } from './session';

/**
 * One step per schema version: migrations[n] turns a version-n document into version n + 1.
 * A file is migrated step by step up to SESSION_SCHEMA_VERSION and then validated against the
 * current schema, so only the newest schema needs to be exact. A step must not trust what it
 * reads: it reshapes what has the expected shape and leaves the rest for the schema to refuse.
 */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

export const SESSION_MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (doc) => ({ ...doc, schemaVersion: 2, runs: Array.isArray(doc.runs) ? doc.runs.map(namedBackendRun) : doc.runs }),
  2: (doc) => ({ ...doc, schemaVersion: 3, runs: Array.isArray(doc.runs) ? doc.runs.map(weatherAndTagRun) : doc.runs }),
};

type Loose = Record<string, unknown>;
const isLoose = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 2: every run names the backend that ran it, and every round (in its figures and in
 * its timeline) says how many lanes it had, and the timeline whether it had a GIL lane. Version 1 runs all came from the
 * simulation, on Node's forked processes (utility processes in the desktop app).
 */
function namedBackendRun(run: unknown): unknown {
  if (!isLoose(run)) return run;
  const measurement = isLoose(run.measurement) ? run.measurement : undefined;
  const params = measurement && isLoose(measurement.params) ? measurement.params : undefined;
  const machine = measurement && isLoose(measurement.machine) ? measurement.machine : undefined;
  const host = isLoose(run.app) ? run.app.host : undefined;
  const upgraded: Loose = { ...run };
  if (measurement) {
    const baseline = isLoose(measurement.baseline) ? measurement.baseline : undefined;
    const withLanes = (runs: unknown, phase: string): unknown =>
      Array.isArray(runs)
        ? runs.map((r: unknown) => (isLoose(r) ? { ...r, lanes: versionOneLanes(phase, params).lanes } : r))
        : runs;
    upgraded.measurement = {
      ...measurement,
      runs: withLanes(measurement.runs, 'run'),
      baseline: baseline ? { ...baseline, runs: withLanes(baseline.runs, 'baseline') } : measurement.baseline,
      params: params ? { backend: 'simulation', ...params } : measurement.params,
      backend: {
        id: 'simulation',
        runtime: `Node ${String(machine?.node ?? 'unknown').slice(0, 40)}`,
        threads: SIMULATED_THREADS,
        processes: host === 'electron' ? 'utilityProcess' : 'child_process.fork',
      },
    };
  }
  if (isLoose(run.timeline) && Array.isArray(run.timeline.segments)) {
    upgraded.timeline = {
      ...run.timeline,
      segments: run.timeline.segments.map((segment: unknown) =>
        isLoose(segment) ? { ...segment, ...versionOneLanes(segment.phase, params), t0Ms: null } : segment,
      ),
    };
  }
  return upgraded;
}

/**
 * The lanes version 1 drew for a round, from its parameters: one for the sequential baseline
 * and for sequential runs, one per worker otherwise, and a GIL lane for GIL threads.
 */
function versionOneLanes(phase: unknown, params: Loose | undefined): { lanes: number; gilLane: boolean } {
  const workers = typeof params?.workers === 'number' && Number.isInteger(params.workers) ? params.workers : 1;
  const oneLane = phase === 'baseline' || params?.mode === 'sequential';
  return { lanes: oneLane ? 1 : workers, gilLane: params?.mode === 'threads-gil' && phase === 'run' };
}

export class SessionVersionError extends Error {
  override readonly name = 'SessionVersionError';
}

/** Brings a parsed session file to the current schema version, or says why it can't. */
export function migrateSession(
  value: unknown,
  migrations: Readonly<Record<number, Migration>> = SESSION_MIGRATIONS,
  current = SESSION_SCHEMA_VERSION,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SessionVersionError(`is not a GIL Lab session: the JSON is ${describe(value)}, not an object`);
  }
  let doc = value as Record<string, unknown>;
  if (doc.format !== SESSION_FORMAT) {
    throw new SessionVersionError(`is not a GIL Lab session: "format" is not "${SESSION_FORMAT}"`);
  }
  const version = doc.schemaVersion;
  if (version === undefined) throw new SessionVersionError('has no "schemaVersion"');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new SessionVersionError(`has an invalid "schemaVersion": ${JSON.stringify(version)?.slice(0, 40)}`);
  }
  if (version > current) {
    throw new SessionVersionError(
      `was written by a newer GIL Lab (schema version ${version}; this one reads up to ${current}); update GIL Lab to open it`,
    );
  }
  for (let v = version; v < current; v++) {
    const step = migrations[v];
    if (!step) throw new SessionVersionError(`has schema version ${v}, which this GIL Lab can no longer read`);
    doc = step(doc);
    if (doc.schemaVersion !== v + 1) throw new Error(`migration from schema version ${v} did not produce ${v + 1}`);
  }
  return doc;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Version 3: a run's rounds say what else was busy on the machine and how long the workers
 * waited for a core, the measurement says how it ended and how long a task took, and the run
 * says which lesson it was made for. Version 2 files measured none of these: the weather is
 * derived from the monitor's figure where there is one, the rest is recorded as not measured.
 */
function weatherAndTagRun(run: unknown): unknown {
  if (!isLoose(run)) return run;
  const upgraded: Loose = { tag: null, ...run };
  const measurement = isLoose(run.measurement) ? run.measurement : undefined;
  if (!measurement) return upgraded;
  const baseline = isLoose(measurement.baseline) ? measurement.baseline : undefined;
  const rounds = (runs: unknown): unknown => (Array.isArray(runs) ? runs.map(weatherRound) : runs);
  const params = isLoose(measurement.params) ? measurement.params : undefined;
  const outcomes = Array.isArray(measurement.runs)
    ? measurement.runs.map((r: unknown) => (isLoose(r) ? r.outcome : undefined))
    : [];
  const stopped = outcomes.find((o) => o !== 'completed');
  upgraded.measurement = {
    ...measurement,
    runs: rounds(measurement.runs),
    baseline: baseline ? { ...baseline, runs: rounds(baseline.runs) } : measurement.baseline,
    outcome: typeof stopped === 'string' ? stopped : 'completed',
    elapsedMs: recordedSpanMs(run),
    taskLength: {
      targetMs: typeof params?.taskMs === 'number' && params.taskMs > 0 ? params.taskMs : null,
      measuredMs: null,
      resized: false,
    },
  };
  return upgraded;
}

function weatherRound(round: unknown): unknown {
  if (!isLoose(round)) return round;
  const machine = isLoose(round.coreLoad) ? round.coreLoad.busyCores : undefined;
  const own = round.busyCores;
  const other = typeof machine === 'number' && typeof own === 'number' ? otherBusyCores(machine, own) : null;
  return { ...round, otherBusyCores: other, waitingForCore: null };
}

/** From Run to the end, as version 2 recorded a run: its start and finish times. */
function recordedSpanMs(run: Loose): number {
  const span = Date.parse(String(run.finishedAt)) - Date.parse(String(run.startedAt));
  return Number.isFinite(span) ? Math.max(0, span) : 0;
}
