import type { ClassSendResult } from './class-contract';

/**
 * Sending a finished run to a teacher's class board, the parts with no network in them: reading
 * the join address a student typed, and turning the board's HTTP answer into what the student is
 * told. The CLI's --submit and the app's "Send to the class board" say the same things.
 */

/** Where a join address's board takes runs, or why the text is not a join address. */
export type JoinAddress = { ok: true; submitUrl: string; host: string } | { ok: false; message: string };

const EXAMPLE = 'http://192.168.1.20:8123/join/…';

/**
 * The join address a teacher shows: http://ADDR:PORT/join/TOKEN, and nothing after the token.
 * Typed off a projector, it may come without its http://, which is the only scheme it has.
 */
export function parseJoinAddress(text: string): JoinAddress {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return { ok: false, message: `"${trimmed.slice(0, 80)}" is not a join address; one looks like ${EXAMPLE}` };
  }
  const match = /^\/join\/([A-Za-z0-9_-]{16,64})\/?$/.exec(url.pathname);
  if (url.protocol !== 'http:' || !match) {
    return {
      ok: false,
      message: `"${trimmed.slice(0, 80)}" is not a join address; one looks like ${EXAMPLE}, as the teacher's screen shows it`,
    };
  }
  return { ok: true, submitUrl: `${url.origin}/join/${match[1]}/submit`, host: url.host };
}

/** The board's answer to a POST, as the student reads it. `retryAfterS` is the Retry-After header. */
export function boardAnswer(
  host: string,
  status: number,
  body: { error?: string; entryId?: string; replaced?: boolean },
  retryAfterS: number | null,
): ClassSendResult {
  if (status === 202 && typeof body.entryId === 'string') {
    return { sent: true, host, entryId: body.entryId, replaced: body.replaced === true };
  }
  if (status === 403) {
    return {
      sent: false,
      problem: 'token',
      message: `The class board at ${host} does not know this join address: the teacher may have ended sharing or shared again with a new one. Ask for the address on the teacher's screen now.`,
    };
  }
  if (status === 429) {
    const wait = retryAfterS === null ? '' : ` in ${retryAfterS} s`;
    return {
      sent: false,
      problem: 'rate-limited',
      message: `The class board takes only a few runs a minute from one machine. Try again${wait}.`,
    };
  }
  if (status === 413) {
    return {
      sent: false,
      problem: 'too-large',
      message: `The class board at ${host} found the run too large to take.`,
    };
  }
  return {
    sent: false,
    problem: 'refused',
    message: `The class board at ${host} refused the run (HTTP ${status})${body.error ? `: ${body.error.slice(0, 300)}` : ''}.`,
  };
}

/** What a student is told when the teacher's machine can't be reached at all. */
export function unreachable(host: string, reason: string): ClassSendResult {
  return {
    sent: false,
    problem: 'unreachable',
    message: `Could not reach the class board at ${host} (${reason.slice(0, 120)}). Check that you are on the teacher's network and that the teacher is sharing.`,
  };
}
