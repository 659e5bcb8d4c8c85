import { z } from 'zod';
import type { EventChannel, InvokeChannel, ShellInvokeChannel } from './channels';
import {
  AppInfoSchema,
  base64Text,
  CoreSampleSchema,
  EmptyRequestSchema,
  MachineInfoSchema,
  MonitorCostSchema,
  SetRateRequestSchema,
  SetRateResponseSchema,
} from './schemas';
import {
  RunFinishedSchema,
  RunIdSchema,
  RunLoadSchema,
  RunProgressedSchema,
  StartRunRequestSchema,
} from './measurement';
import { classEventContract, classInvokeContract } from './class-contract';
import { pythonInvokeContract } from './python-contract';
import { SessionChangedSchema, sessionInvokeContract } from './session-contract';
import { sessionImportContract } from './session-import';
import { MAX_IMPORT_BYTES } from './session-limits';
import type { ContractErrorCode } from './vocabulary';

export * from './channels';

/** The session channels, which a host that keeps no sessions refuses. */
export type SessionChannel = keyof typeof sessionInvokeContract | keyof typeof sessionImportContract;
export const SESSION_CHANNELS = [
  ...Object.keys(sessionInvokeContract),
  ...Object.keys(sessionImportContract),
] as SessionChannel[];

/** Request/response channels: what each accepts and what it answers. */
export const invokeContract = {
  'app:get-info': { request: EmptyRequestSchema, response: AppInfoSchema },
  'monitor:get-info': { request: EmptyRequestSchema, response: MachineInfoSchema },
  'monitor:set-rate': { request: SetRateRequestSchema, response: SetRateResponseSchema },
  /** Starts a run in the background; progress and the result arrive as run:* events. */
  'run:start': { request: StartRunRequestSchema, response: RunIdSchema },
  'run:cancel': { request: RunIdSchema, response: z.object({ cancelled: z.boolean() }).strict() },
  ...sessionInvokeContract,
  ...sessionImportContract,
  ...classInvokeContract,
  ...pythonInvokeContract,
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

/** Push events from the engine to the renderer. */
export const eventContract = {
  'monitor:sampled': CoreSampleSchema,
  'monitor:cost-measured': MonitorCostSchema,
  'run:progressed': RunProgressedSchema,
  /** Four times a second while a round runs: its workers' CPU ÷ wall so far. */
  'run:load-measured': RunLoadSchema,
  'run:finished': RunFinishedSchema,
  /** Something in the session library changed; refetch session:list. */
  'session:changed': SessionChangedSchema,
  ...classEventContract,
} as const satisfies Record<EventChannel, z.ZodType>;

/**
 * file:save, answered by the desktop shell (see SHELL_INVOKE_CHANNELS): the user picks where in
 * the native save dialog, which is what lets the renderer write a file at all. The name is only
 * a suggestion for the dialog; its folder part is ignored. Exports stay within the import limit,
 * so anything saved can be imported again.
 */
const FileSaveBase = {
  suggestedName: z.string().min(1).max(255),
  mediaType: z.string().max(100),
};
export const FileSaveRequestSchema = z.union([
  z.object({ ...FileSaveBase, text: z.string().max(MAX_IMPORT_BYTES) }).strict(),
  z
    .object({
      ...FileSaveBase,
      base64: base64Text(Math.ceil(MAX_IMPORT_BYTES / 3) * 4),
    })
    .strict(),
]);
/** saved is false when the user cancelled the dialog; path is where the file went. */
export const FileSaveResponseSchema = z.object({ saved: z.boolean(), path: z.string().nullable() }).strict();

export const shellContract = {
  'file:save': { request: FileSaveRequestSchema, response: FileSaveResponseSchema },
} as const satisfies Record<ShellInvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export type ShellRequest<C extends ShellInvokeChannel> = z.input<(typeof shellContract)[C]['request']>;
export type ShellResponse<C extends ShellInvokeChannel> = z.output<(typeof shellContract)[C]['response']>;
export type FileSaveRequest = ShellRequest<'file:save'>;
export type FileSaveResponse = ShellResponse<'file:save'>;

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]>;

export type InvokeHandlers = {
  [C in InvokeChannel]: (
    request: z.output<(typeof invokeContract)[C]['request']>,
  ) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

/** A payload that failed its schema. The message names the channel and the first problems. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    /** refused: a valid request the engine could not carry out (no such session, disk full, a bad import file). */
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`)
    .join('; ');
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ContractError('invalid-payload', `${what} rejected: ${describeIssues(result.error)}`);
  }
  return result.data;
}

export function parseInvokeRequest<C extends InvokeChannel>(channel: C, payload: unknown) {
  return parseWith(invokeContract[channel].request, payload, `Request on "${channel}"`) as z.output<
    (typeof invokeContract)[C]['request']
  >;
}

export function parseInvokeResponse<C extends InvokeChannel>(channel: C, payload: unknown): InvokeResponse<C> {
  return parseWith(invokeContract[channel].response, payload, `Response on "${channel}"`) as InvokeResponse<C>;
}

export function parseEventPayload<E extends EventChannel>(channel: E, payload: unknown): EventPayload<E> {
  return parseWith(eventContract[channel], payload, `Event "${channel}"`) as EventPayload<E>;
}

export function parseShellRequest<C extends ShellInvokeChannel>(channel: C, payload: unknown) {
  return parseWith(shellContract[channel].request, payload, `Request on "${channel}"`) as z.output<
    (typeof shellContract)[C]['request']
  >;
}

export function parseShellResponse<C extends ShellInvokeChannel>(channel: C, payload: unknown): ShellResponse<C> {
  return parseWith(shellContract[channel].response, payload, `Response on "${channel}"`) as ShellResponse<C>;
}
