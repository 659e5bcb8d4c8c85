import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeSessionFile } from '../../src/core/sessions/session-bytes';
import { syntheticSession } from '../../src/core/sessions/synthetic-session';
import type { SessionDocument } from '../../src/shared/session';
import { SESSION_READ_CHUNK_CHARS } from '../../src/shared/session-read';

/**
 * A data folder holding one session whose packed columns fill a few chunks of a read in pieces
 * (session:read-begin, session:read-chunk): 64 cores for 25 minutes at 10 Hz, in three runs.
 */
export async function folderWithLargeSession(): Promise<{ dataDir: string; doc: SessionDocument; remove(): void }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-large-session-'));
  const doc = syntheticSession({ cores: 64, hz: 10, seconds: 1500, runs: 3 });
  if (JSON.stringify(doc).length < 2.5 * SESSION_READ_CHUNK_CHARS) throw new Error('the session is too small');
  mkdirSync(path.join(dataDir, 'sessions'));
  writeFileSync(path.join(dataDir, 'sessions', `${doc.id}.session.json.gz`), await encodeSessionFile(doc));
  return { dataDir, doc, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
