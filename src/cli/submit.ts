import { MAX_SUBMISSION_BYTES, SubmissionReceiptSchema, type ClassSubmissionInput } from '../shared/class-contract';
import { CliError } from './args';

/** The join address a teacher shows: http://ADDR:PORT/join/TOKEN, and nothing after the token. */
export function submitUrl(joinAddress: string): string {
  let url: URL;
  try {
    url = new URL(joinAddress);
  } catch {
    throw new CliError(`--submit needs the join address the teacher shows, got "${joinAddress}"`);
  }
  const match = /^\/join\/([A-Za-z0-9_-]{16,64})\/?$/.exec(url.pathname);
  if (url.protocol !== 'http:' || !match) {
    throw new CliError(`--submit needs a join address like http://ADDR:PORT/join/TOKEN, got "${joinAddress}"`);
  }
  return `${url.origin}/join/${match[1]}/submit`;
}

/** Sends a finished run's summary to the teacher's class board; throws a one-line CliError if it is not taken. */
export async function submitToBoard(joinAddress: string, submission: ClassSubmissionInput): Promise<string> {
  const url = submitUrl(joinAddress);
  const body = JSON.stringify(submission);
  if (Buffer.byteLength(body) > MAX_SUBMISSION_BYTES) {
    throw new CliError(
      `the run's summary is ${Buffer.byteLength(body)} bytes, over the board's ${MAX_SUBMISSION_BYTES}`,
    );
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new CliError(`could not reach the class board at ${new URL(url).host}: ${(error as Error).message}`);
  }
  const answer = (await res.json().catch(() => ({}))) as { error?: string };
  if (res.status !== 202) {
    throw new CliError(`the class board refused the run (HTTP ${res.status}): ${answer.error ?? res.statusText}`);
  }
  return SubmissionReceiptSchema.parse(answer).entryId;
}
