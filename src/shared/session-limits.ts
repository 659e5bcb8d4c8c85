/**
 * Bounds on what a session may hold and what an import may bring in. They are checked in order
 * of cost: the file's size before it is read, then declared counts before anything is unpacked.
 */

/** An import file, compressed or not, and the JSON text inside it. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Monitor ticks (one reading of every core) across a session: over 27 hours at 10 Hz. */
export const MAX_SESSION_SAMPLES = 1_000_000;

/** Per-core load values across a session: a one-hour 10 Hz run on 1024 cores fits. */
export const MAX_SESSION_LOAD_VALUES = 40_000_000;

export const MAX_SESSION_RUNS = 10_000;

/** Worker and GIL timeline events kept per run; a recorder stops there and marks it truncated. */
export const MAX_TIMELINE_EVENTS = 200_000;

/** Display names; longer ones are refused (or cut, for names inside imported files). */
export const MAX_SESSION_NAME_LENGTH = 120;

/** Load values are stored as integers 0..LOAD_SCALE: tenths of a percent. */
export const LOAD_SCALE = 1000;

/** Timeline times are stored as integers in this unit, in milliseconds. */
export const TIMELINE_UNIT_MS = 0.01;

/** Base64 text sent per session:import-chunk; with its envelope it stays under MAX_MESSAGE_BYTES. */
export const IMPORT_CHUNK_BASE64_CHARS = 48_000;
