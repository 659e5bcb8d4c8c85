import { z } from 'zod';
import { EVENT_CHANNELS } from './channels';
import { WIRE_ERROR_CODES } from './vocabulary';

/**
 * The browser-mode WebSocket envelope. Payloads inside are validated separately against
 * the contract, so an envelope error and a payload error read differently.
 */
export const ClientMessageSchema = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(64),
    payload: z.unknown().optional(),
  })
  .strict();

export const WireErrorSchema = z
  .object({
    code: z.enum(WIRE_ERROR_CODES),
    message: z.string(),
  })
  .strict();

export const ServerMessageSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: WireErrorSchema }).strict(),
  z.object({ type: z.literal('event'), channel: z.enum(EVENT_CHANNELS), payload: z.unknown() }).strict(),
]);

export type ClientMessage = z.output<typeof ClientMessageSchema>;
export type ServerMessage = z.output<typeof ServerMessageSchema>;
export type WireError = z.output<typeof WireErrorSchema>;

/** The WebSocket path the browser-mode server upgrades on. */
export const WS_PATH = '/ws';
