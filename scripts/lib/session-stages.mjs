// Each stage of a session's save and load timed on its own, on this thread, for the sessions
// bench: where the time goes, so a change to the codec can be judged stage by stage.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { median, printTable } from '../../bench/lib/report.ts';
import { encodeSessionFile } from '../../src/core/sessions/session-bytes.ts';
import { SessionDocumentSchema } from '../../src/shared/session.ts';
import { checkSessionContent } from '../../src/shared/session-content.ts';
import { migrateSession } from '../../src/shared/session-migrations.ts';

const decodeBase64 = (text) => {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
};

export async function sessionStages(doc, trials) {
  const runs = [];
  for (let i = 0; i < trials; i++) {
    const t = {};
    let at = performance.now();
    const lap = (name) => {
      const now = performance.now();
      t[name] = now - at;
      at = now;
    };
    const json = JSON.stringify(doc);
    lap('stringify');
    await promisify(gzip)(json, { level: 6 });
    lap('gzip -6, one member (the old file)');
    const file = await encodeSessionFile(doc);
    lap('encode: stringify + gzip -1 in 2 MB members side by side');
    const raw = await promisify(gunzip)(file);
    lap('gunzip');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    lap('UTF-8 decode');
    const value = JSON.parse(text);
    lap('JSON.parse');
    const parsed = SessionDocumentSchema.parse(migrateSession(value));
    lap('migrate + zod schema');
    checkSessionContent(parsed, { decodeBase64 });
    lap('columns checked (native base64)');
    checkSessionContent(parsed);
    lap('columns checked (base64 in TypeScript)');
    structuredClone(parsed);
    lap('structured clone (to and from the codec thread)');
    runs.push(t);
  }
  const rows = Object.keys(runs[0]).map((measure) => ({
    measure,
    value: `${median(runs.map((r) => r[measure])).toFixed(0)} ms`,
  }));
  const markdown = printTable(`Session stages, each on this thread (median of ${trials})`, rows);
  return { runs, markdown };
}
