import { parseJoinAddress } from '../shared/board-send';
import type { ClassSubmissionInput } from '../shared/class-contract';
import { sendToBoard } from '../core/classroom/board-sender';
import { CliError } from './args';

/** Checks --submit before minutes of measuring: the join address a teacher shows, and nothing after the token. */
export function checkJoinAddress(joinAddress: string): void {
  const address = parseJoinAddress(joinAddress);
  if (!address.ok) throw new CliError(`--submit: ${address.message}`);
}

/** Sends a finished run's summary to the teacher's class board; throws a one-line CliError if it is not taken. */
export async function submitToBoard(joinAddress: string, submission: ClassSubmissionInput): Promise<string> {
  const result = await sendToBoard(joinAddress, submission);
  if (!result.sent) throw new CliError(result.message);
  return result.entryId;
}
