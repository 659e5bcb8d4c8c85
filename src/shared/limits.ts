/** Bounds shared by the engine, the server and the renderer. */
export const MONITOR_RATE_MIN_HZ = 1;
export const MONITOR_RATE_MAX_HZ = 10;
export const MONITOR_RATE_DEFAULT_HZ = 4;

/** The largest logical-core count the UI lays out; also caps sample arrays on the wire. */
export const MAX_LOGICAL_CORES = 1024;

/** Any single WebSocket/IPC message above this is refused before it is parsed. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** How long a window the monitor-cost readout averages over. */
export const MONITOR_COST_WINDOW_MS = 5_000;

/** The GIL's switch interval, as sys.setswitchinterval takes it, in ms: CPython's default is 5. */
export const SWITCH_INTERVAL_MIN_MS = 0.1;
export const SWITCH_INTERVAL_MAX_MS = 100;
export const SWITCH_INTERVAL_DEFAULT_MS = 5;

/**
 * The share of the machine's RAM one run may fill with the data it sends its workers; a run that
 * would need more is refused before it starts, with the budget in the message.
 */
export const RUN_MEMORY_SHARE_OF_RAM = 0.25;
