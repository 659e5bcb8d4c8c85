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
  'session:list',
  'session:get',
  'session:read-begin',
  'session:read-chunk',
  'session:create',
  'session:set-current',
  'session:rename',
  'session:duplicate',
  'session:delete',
  'session:restore',
  'session:remove-run',
  'session:restore-run',
  'session:export',
  'session:import-begin',
  'session:import-chunk',
  'session:import-commit',
  'session:import-abort',
  'session:retry-saves',
  'class:share-start',
  'class:share-stop',
  'class:status',
  'class:teacher-view',
  'class:submit',
  'class:board-get',
  'class:board-save',
  'class:board-clear',
  'class:send',
  'python:list',
  'python:choose',
] as const;
export const EVENT_CHANNELS = [
  'monitor:sampled',
  'monitor:cost-measured',
  'run:progressed',
  'run:load-measured',
  'run:finished',
  'session:changed',
  'class:status',
  'class:board',
  'class:teacher-view',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** Preload method name → invoke channel. */
export const BRIDGE_INVOKE_METHODS = {
  getAppInfo: 'app:get-info',
  getMachineInfo: 'monitor:get-info',
  setMonitorRate: 'monitor:set-rate',
  startRun: 'run:start',
  cancelRun: 'run:cancel',
  listSessions: 'session:list',
  getSession: 'session:get',
  beginSessionRead: 'session:read-begin',
  readSessionChunk: 'session:read-chunk',
  createSession: 'session:create',
  setCurrentSession: 'session:set-current',
  renameSession: 'session:rename',
  duplicateSession: 'session:duplicate',
  deleteSession: 'session:delete',
  restoreSession: 'session:restore',
  removeSessionRun: 'session:remove-run',
  restoreSessionRun: 'session:restore-run',
  exportSession: 'session:export',
  beginSessionImport: 'session:import-begin',
  sendSessionImportChunk: 'session:import-chunk',
  commitSessionImport: 'session:import-commit',
  abortSessionImport: 'session:import-abort',
  retrySessionSaves: 'session:retry-saves',
  startSharing: 'class:share-start',
  stopSharing: 'class:share-stop',
  getShareStatus: 'class:status',
  showTeacherView: 'class:teacher-view',
  submitToBoard: 'class:submit',
  getClassBoard: 'class:board-get',
  saveClassBoard: 'class:board-save',
  clearClassBoard: 'class:board-clear',
  sendToClassBoard: 'class:send',
  listPythons: 'python:list',
  choosePython: 'python:choose',
} as const satisfies Record<string, InvokeChannel>;

/** Preload subscription name → event channel. Each returns an unsubscribe function. */
export const BRIDGE_EVENT_METHODS = {
  onMonitorSampled: 'monitor:sampled',
  onMonitorCostMeasured: 'monitor:cost-measured',
  onRunProgressed: 'run:progressed',
  onRunLoadMeasured: 'run:load-measured',
  onRunFinished: 'run:finished',
  onSessionChanged: 'session:changed',
  onShareStatus: 'class:status',
  onClassBoard: 'class:board',
  onTeacherView: 'class:teacher-view',
} as const satisfies Record<string, EventChannel>;

/**
 * Channels the desktop shell answers itself rather than the engine: saving a file through the
 * native save dialog. Browser mode has no such channel; its renderer downloads instead.
 */
export const SHELL_INVOKE_CHANNELS = ['file:save'] as const;
export type ShellInvokeChannel = (typeof SHELL_INVOKE_CHANNELS)[number];

/** Preload method name → shell channel. */
export const BRIDGE_SHELL_METHODS = {
  saveFile: 'file:save',
} as const satisfies Record<string, ShellInvokeChannel>;

export type BridgeInvokeMethod = keyof typeof BRIDGE_INVOKE_METHODS;
export type BridgeEventMethod = keyof typeof BRIDGE_EVENT_METHODS;
export type BridgeShellMethod = keyof typeof BRIDGE_SHELL_METHODS;

/** The global name the preload bridge is exposed under in the renderer. */
export const BRIDGE_GLOBAL = 'gilLab';

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}

export function isShellInvokeChannel(value: unknown): value is ShellInvokeChannel {
  return typeof value === 'string' && (SHELL_INVOKE_CHANNELS as readonly string[]).includes(value);
}
