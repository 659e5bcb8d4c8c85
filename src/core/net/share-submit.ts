import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_SUBMISSION_BYTES } from '../../shared/class-contract';
import { ContractError, parseInvokeRequest } from '../../shared/contract';
import { SubmissionLimited, type Classroom } from '../classroom/classroom';

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * POST /join/TOKEN/submit: a student's finished run for the board. JSON only, which a page on
 * another site cannot send without a preflight this server never answers; at most
 * MAX_SUBMISSION_BYTES, checked with the class:submit schema, within the address's rate limit.
 */
export function receiveSubmission(
  req: IncomingMessage,
  res: ServerResponse,
  classroom: Classroom,
  address: string,
  log: (line: string) => void,
): void {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return reply(res, 415, { error: 'send the run as application/json' });
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_SUBMISSION_BYTES) {
    req.resume();
    return reply(res, 413, { error: `a submission is at most ${MAX_SUBMISSION_BYTES} bytes` }, { Connection: 'close' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_SUBMISSION_BYTES) {
      refused = true;
      reply(res, 413, { error: `a submission is at most ${MAX_SUBMISSION_BYTES} bytes` }, { Connection: 'close' });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'the submission is not valid JSON' });
    }
    try {
      const receipt = classroom.submit(address, parseInvokeRequest('class:submit', raw));
      log(`board: run from ${address}`);
      reply(res, 202, receipt);
    } catch (error) {
      if (error instanceof SubmissionLimited) {
        return reply(
          res,
          429,
          { error: error.message },
          { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) },
        );
      }
      if (error instanceof ContractError) return reply(res, 400, { error: error.message });
      log(`board: submission from ${address} failed: ${(error as Error).message}`);
      reply(res, 500, { error: 'the submission could not be taken' });
    }
  });
}
