import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './channels';
import {
  AppInfoSchema,
  CoreSampleSchema,
  EmptyRequestSchema,
  MachineInfoSchema,
  MonitorCostSchema,
  SetRateRequestSchema,
  SetRateResponseSchema,
} from './schemas';
import { RunFinishedSchema, RunIdSchema, RunProgressedSchema, StartRunRequestSchema } from './measurement';

export * from './channels';

/** Request/response channels: what each accepts and what it answers. */
export const invokeContract = {
  'app:get-info': { request: EmptyRequestSchema, response: AppInfoSchema },
  'monitor:get-info': { request: EmptyRequestSchema, response: MachineInfoSchema },
  'monitor:set-rate': { request: SetRateRequestSchema, response: SetRateResponseSchema },
  /** Starts a run in the background; progress and the result arrive as run:* events. */
  'run:start': { request: StartRunRequestSchema, response: RunIdSchema },
  'run:cancel': { request: RunIdSchema, response: z.object({ cancelled: z.boolean() }).strict() },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

/** Push events from the engine to the renderer. */
export const eventContract = {
  'monitor:sampled': CoreSampleSchema,
  'monitor:cost-measured': MonitorCostSchema,
  'run:progressed': RunProgressedSchema,
  'run:finished': RunFinishedSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

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
    readonly code: 'unknown-channel' | 'invalid-payload' | 'invalid-message',
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
