import { z } from 'zod';
import { LessonTagSchema, MAX_ROUND_LANES, MeasurementSchema } from './measurement';
import { AppInfoSchema, LoadSourceSchema, packedBase64Text } from './schemas';
import { MAX_LOGICAL_CORES } from './limits';
import { RUN_PHASES } from './vocabulary';
import {
  LOAD_SCALE,
  MAX_IMPORT_BYTES,
  MAX_SESSION_NAME_LENGTH,
  MAX_SESSION_RUNS,
  MAX_TIMELINE_EVENTS,
  TIMELINE_UNIT_MS,
} from './session-limits';

/**
 * A saved session: a named, ordered list of runs, each with its measurement, the per-core load
 * the monitor saw while it ran, the worker and GIL timeline, and the machine and app it ran on.
 * On disk it is this document as gzipped JSON; `schemaVersion` says which shape it has, and
 * session-migrations.ts brings older shapes up to this one.
 */

export const SESSION_FORMAT = 'gil-lab-session';
export const SESSION_SCHEMA_VERSION = 3;

/** Ids name the file on disk, so they are restricted to a safe alphabet. */
export const SessionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1–64 lowercase letters, digits or hyphens');

export const SessionNameSchema = z.string().min(1).max(MAX_SESSION_NAME_LENGTH);

const IsoTime = z.iso.datetime();

/** Integers packed by session-codec's packInts; the length bound keeps a file within import size. */
const Packed = packedBase64Text(MAX_IMPORT_BYTES);

export const MachineSnapshotSchema = z
  .object({
    cpuModel: z.string().max(256),
    cpuManufacturer: z.string().max(256),
    physicalCores: z.number().int().min(1).max(MAX_LOGICAL_CORES),
    logicalCores: z.number().int().min(1).max(MAX_LOGICAL_CORES),
    speedGHz: z.number().positive().nullable(),
    /** Total memory in bytes, or null where it could not be read. */
    memoryBytes: z.number().int().nonnegative().nullable(),
    os: z
      .object({
        platform: z.string().max(64),
        distro: z.string().max(256),
        release: z.string().max(256),
        arch: z.string().max(64),
      })
      .strict(),
    loadSource: LoadSourceSchema,
  })
  .strict();
export type MachineSnapshot = z.output<typeof MachineSnapshotSchema>;

/**
 * The monitor's readings during a run. Values are core-major (every tick of core 0, then of
 * core 1, …), each an integer 0..scale, so a core's packed deltas are mostly tiny.
 */
export const LoadTraceSchema = z
  .object({
    cores: z.number().int().min(1).max(MAX_LOGICAL_CORES),
    ticks: z.number().int().min(0),
    scale: z.literal(LOAD_SCALE),
    /** Epoch ms of the first tick; tick times are offsets from it. */
    startMs: z.number().nonnegative(),
    /** `ticks` integers: each tick's offset from startMs, in ms. */
    offsetsMs: Packed,
    /** `cores × ticks` integers 0..scale, core-major. */
    values: Packed,
    source: LoadSourceSchema,
  })
  .strict();
export type LoadTrace = z.output<typeof LoadTraceSchema>;

/**
 * The worker lanes, as parallel packed columns of `events` integers each: when (in
 * TIMELINE_UNIT_MS from startMs), which worker, what kind, and its argument (the task number,
 * or the index of the thread state), and which segment (baseline or run round) it belongs to.
 */
export const TimelineSchema = z
  .object({
    events: z.number().int().min(0).max(MAX_TIMELINE_EVENTS),
    truncated: z.boolean(),
    unitMs: z.literal(TIMELINE_UNIT_MS),
    startMs: z.number().nonnegative(),
    t: Packed,
    worker: Packed,
    kind: Packed,
    arg: Packed,
    segment: Packed,
    /** One per round, as its round-started event described it: how many lanes, whether a GIL lane. */
    segments: z
      .array(
        z
          .object({
            phase: z.enum(RUN_PHASES),
            round: z.number().int().min(0),
            lanes: z.number().int().min(1).max(MAX_ROUND_LANES),
            gilLane: z.boolean(),
            /** Epoch ms the round began; null in files from before rounds announced their start. */
            t0Ms: z.number().nonnegative().nullable(),
          })
          .strict(),
      )
      .max(1000),
    lost: z.array(z.object({ worker: z.number().int(), reason: z.string().max(1000) }).strict()).max(1000),
  })
  .strict();
export type Timeline = z.output<typeof TimelineSchema>;

export const SessionRunSchema = z
  .object({
    id: z.string().min(1).max(64),
    startedAt: IsoTime,
    finishedAt: IsoTime,
    measurement: MeasurementSchema,
    machine: MachineSnapshotSchema,
    app: AppInfoSchema,
    load: LoadTraceSchema.nullable(),
    timeline: TimelineSchema.nullable(),
    /** The lesson, go and step the run was made for; null for runs made outside a lesson. */
    tag: LessonTagSchema.nullable(),
  })
  .strict();
export type SessionRun = z.output<typeof SessionRunSchema>;

export const SessionDocumentSchema = z
  .object({
    format: z.literal(SESSION_FORMAT),
    schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
    id: SessionIdSchema,
    name: SessionNameSchema,
    createdAt: IsoTime,
    updatedAt: IsoTime,
    /** Set when the session came in through import; the name it had there. */
    imported: z
      .object({ at: IsoTime, originalName: z.string().max(MAX_SESSION_NAME_LENGTH) })
      .strict()
      .nullable(),
    runs: z.array(SessionRunSchema).max(MAX_SESSION_RUNS),
  })
  .strict();
export type SessionDocument = z.output<typeof SessionDocumentSchema>;
