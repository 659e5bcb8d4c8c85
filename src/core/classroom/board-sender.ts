import { boardAnswer, parseJoinAddress, unreachable } from '../../shared/board-send';
import { MAX_SUBMISSION_BYTES, type ClassSendResult, type ClassSubmissionInput } from '../../shared/class-contract';
import type { LessonTag, Measurement } from '../../shared/measurement';
import type { AppInfo } from '../../shared/schemas';
import type { MachineSnapshot } from '../../shared/session';

/** How long a student waits for the teacher's machine before being told it can't be reached. */
const SEND_TIMEOUT_MS = 10_000;

/** A finished run's summary as the board takes it: the parameters and measurement, and the machine it ran on. */
export function buildSubmission(run: {
  measurement: Measurement;
  machine: MachineSnapshot;
  app: AppInfo;
  tag?: LessonTag | null;
  student?: string | null;
}): ClassSubmissionInput {
  return {
    measurement: run.measurement,
    machine: run.machine,
    app: run.app,
    tag: run.tag ?? null,
    student: run.student ?? null,
  };
}

/**
 * Posts a run's summary to the board at a join address, as JSON to /join/TOKEN/submit, and says
 * what came of it: taken, or why not. Never throws for the network or the board's answer.
 */
export async function sendToBoard(
  joinAddress: string,
  submission: ClassSubmissionInput,
  fetchBoard: typeof fetch = fetch,
): Promise<ClassSendResult> {
  const address = parseJoinAddress(joinAddress);
  if (!address.ok) return { sent: false, problem: 'address', message: address.message };
  const body = JSON.stringify(submission);
  const size = Buffer.byteLength(body);
  if (size > MAX_SUBMISSION_BYTES) {
    return {
      sent: false,
      problem: 'too-large',
      message: `The run's summary is ${size} bytes, over the board's ${MAX_SUBMISSION_BYTES}.`,
    };
  }
  let res: Response;
  try {
    res = await fetchBoard(address.submitUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return unreachable(address.host, cause ?? (error as Error).message);
  }
  const answer = (await res.json().catch(() => ({}))) as { error?: string; entryId?: string; replaced?: boolean };
  const retryAfter = Number(res.headers.get('retry-after') ?? NaN);
  return boardAnswer(address.host, res.status, answer, Number.isFinite(retryAfter) ? retryAfter : null);
}
