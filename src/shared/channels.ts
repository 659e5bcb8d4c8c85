/**
 * Channel names, and the one-method-per-message names the preload bridge exposes for them.
 * Kept free of schemas so the sandboxed preload can import it without pulling in zod.
 */
export const INVOKE_CHANNELS = [
  'app:get-info',
  'monitor:get-info',
  'monitor:set-rate',
  'run:start',
  'run:cancel',
] as const;
export const EVENT_CHANNELS = ['monitor:sampled', 'monitor:cost-measured', 'run:progressed', 'run:finished'] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** Preload method name → invoke channel. */
export const BRIDGE_INVOKE_METHODS = {
  getAppInfo: 'app:get-info',
  getMachineInfo: 'monitor:get-info',
  setMonitorRate: 'monitor:set-rate',
  startRun: 'run:start',
  cancelRun: 'run:cancel',
} as const satisfies Record<string, InvokeChannel>;

/** Preload subscription name → event channel. Each returns an unsubscribe function. */
export const BRIDGE_EVENT_METHODS = {
  onMonitorSampled: 'monitor:sampled',
  onMonitorCostMeasured: 'monitor:cost-measured',
  onRunProgressed: 'run:progressed',
  onRunFinished: 'run:finished',
} as const satisfies Record<string, EventChannel>;

export type BridgeInvokeMethod = keyof typeof BRIDGE_INVOKE_METHODS;
export type BridgeEventMethod = keyof typeof BRIDGE_EVENT_METHODS;

/** The global name the preload bridge is exposed under in the renderer. */
export const BRIDGE_GLOBAL = 'gilLab';

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}
