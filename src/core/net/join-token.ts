import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 128 random bits, in the join address: the only thing that admits anyone to the shared listener. */
export function newJoinToken(): string {
  return randomBytes(16).toString('base64url');
}

/** No 0/O, 1/I/L: a code read off a projector across a room. */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 6;

/** A short code to say which room's join address this is; it admits no one by itself. */
export function newRoomCode(): string {
  let code = '';
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/** Compares in time independent of where the texts differ, so the token cannot be guessed a byte at a time. */
export function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a shared-listener path claims, and what follows it: /join/TOKEN/rest. */
export function splitJoinPath(pathname: string): { token: string; rest: string } | null {
  const match = /^\/join\/([A-Za-z0-9_-]{1,64})(\/.*)?$/.exec(pathname);
  return match ? { token: match[1]!, rest: match[2] ?? '' } : null;
}
