import { z } from 'zod';
import { MAX_LOGICAL_CORES, MONITOR_RATE_MAX_HZ, MONITOR_RATE_MIN_HZ } from './limits';
import { HOST_KINDS, LOAD_SOURCES, MONITOR_COST_METHODS } from './vocabulary';

const percent = z.number().min(0).max(100);

/** Any character outside base64's alphabet; padding is allowed only at the end, and is cut off first. */
const NOT_BASE64 = /[^A-Za-z0-9+/]/;

/**
 * True for base64 text: the alphabet, then at most two '='. One scan for the first character
 * that doesn't belong, which is several times faster than matching the whole text with an
 * anchored pattern; megabytes of it pass through here on an import.
 */
export function isBase64(text: string): boolean {
  let end = text.length;
  if (text.charCodeAt(end - 1) === 61) end--;
  if (text.charCodeAt(end - 1) === 61) end--;
  return !NOT_BASE64.test(end === text.length ? text : text.slice(0, end));
}

/** Base64 text of at most `max` characters: file bytes and import chunks. */
export function base64Text(max: number) {
  return z.string().max(max).refine(isBase64, 'must be base64');
}

/**
 * A packed column's base64 text, of at most `max` characters. Only its length is checked here:
 * every reader decodes it through session-codec (checkPackedInts when the engine reads a file,
 * unpackInts when a run is drawn), which refuses the first character outside the alphabet by its
 * position, so a second scan of megabytes of samples would prove nothing, and on the page it
 * would hold up the thread that draws.
 */
export function packedBase64Text(max: number) {
  return z
    .string()
    .max(max)
    .refine((text) => text.length % 4 === 0, 'must be base64: its length is not a multiple of 4');
}

export const EmptyRequestSchema = z.undefined().or(z.null()).or(z.object({}).strict());

export const AppInfoSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    /** Which shell hosts the engine: the Electron app, the browser-mode server or the headless CLI. */
    host: z.enum(HOST_KINDS),
    nodeVersion: z.string(),
    electronVersion: z.string().nullable(),
    platform: z.string(),
  })
  .strict();
export type AppInfo = z.output<typeof AppInfoSchema>;

export const LoadSourceSchema = z.enum(LOAD_SOURCES);

export const MachineInfoSchema = z
  .object({
    cpuModel: z.string(),
    cpuManufacturer: z.string(),
    physicalCores: z.number().int().min(1).max(MAX_LOGICAL_CORES),
    logicalCores: z.number().int().min(1).max(MAX_LOGICAL_CORES),
    /** Base clock in GHz, or null where the platform does not report one (many VMs). */
    speedGHz: z.number().positive().nullable(),
    loadSource: LoadSourceSchema,
    rateHz: z.number().int().min(MONITOR_RATE_MIN_HZ).max(MONITOR_RATE_MAX_HZ),
  })
  .strict();
export type MachineInfo = z.output<typeof MachineInfoSchema>;

export const SetRateRequestSchema = z
  .object({ hz: z.number().int().min(MONITOR_RATE_MIN_HZ).max(MONITOR_RATE_MAX_HZ) })
  .strict();
export type SetRateRequest = z.output<typeof SetRateRequestSchema>;

export const SetRateResponseSchema = z.object({ hz: SetRateRequestSchema.shape.hz }).strict();

export const CoreSampleSchema = z
  .object({
    /** Monotonic sequence number from the sampler; gaps mean dropped samples. */
    seq: z.number().int().nonnegative(),
    /** Wall-clock time of the reading, epoch milliseconds. */
    t: z.number().nonnegative(),
    /** The interval this load was averaged over, milliseconds. */
    intervalMs: z.number().nonnegative(),
    /** Per-logical-core load, 0–100, index = core number. */
    cores: z.array(percent).min(1).max(MAX_LOGICAL_CORES),
    /** Mean over all cores, 0–100. */
    total: percent,
    source: LoadSourceSchema,
  })
  .strict();
export type CoreSample = z.output<typeof CoreSampleSchema>;

export const MonitorCostSchema = z
  .object({
    /** Total monitor cost as a percentage of one core. */
    percentOfCore: z.number().nonnegative(),
    /** CPU the sampler thread used, as a percentage of one core. */
    samplerPercent: z.number().nonnegative(),
    /** Time spent delivering samples to the renderer(s), as a percentage of one core. */
    deliveryPercent: z.number().nonnegative(),
    /** How the sampler's CPU was measured. */
    method: z.enum(MONITOR_COST_METHODS),
    windowMs: z.number().positive(),
    rateHz: z.number().int().min(MONITOR_RATE_MIN_HZ).max(MONITOR_RATE_MAX_HZ),
  })
  .strict();
export type MonitorCost = z.output<typeof MonitorCostSchema>;
