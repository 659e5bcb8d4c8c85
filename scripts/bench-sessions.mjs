// `npm run bench -- sessions [--trials N] [--cores N] [--hz N] [--seconds N] [--runs N] [--noise]`: how long a
// long session takes to save and load, and how big it is on disk. Runs under tsx (bench.mjs), so it
// measures the TypeScript storage code itself: the same encode, atomic write, read and full
// validation the app does, on a synthetic session shaped like the real sampler's output.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, printTable, writeResults } from '../bench/lib/report.ts';
import { writeFileAtomic } from '../src/core/sessions/atomic-write.ts';
import { exportJson } from '../src/core/sessions/export/index.ts';
import { decodeSessionBytes, encodeSessionFile } from '../src/core/sessions/session-file.ts';
import { SessionStore } from '../src/core/sessions/session-store.ts';
import { syntheticSession } from '../src/core/sessions/synthetic-session.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5' },
    cores: { type: 'string', default: '256' },
    hz: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '3600' },
    runs: { type: 'string', default: '12' },
    // The worst case: uniformly random loads, which no delta or gzip can shrink much.
    noise: { type: 'boolean', default: false },
  },
});
const trials = Number(values.trials);
const shape = {
  cores: Number(values.cores),
  hz: Number(values.hz),
  seconds: Number(values.seconds),
  runs: Number(values.runs),
  noise: values.noise,
};
const mb = (bytes) => `${(bytes / 1024 ** 2).toFixed(2)} MB`;
const ms = (t) => `${t.toFixed(0)} ms`;

let started = performance.now();
const doc = syntheticSession(shape);
const generateMs = performance.now() - started;
const ticks = doc.runs.reduce((n, r) => n + (r.load?.ticks ?? 0), 0);
console.log(
  `Synthetic session: ${shape.runs} runs, ${shape.seconds} s at ${shape.hz} Hz on ${shape.cores} cores = ` +
    `${ticks.toLocaleString('en')} samples, ${(ticks * shape.cores).toLocaleString('en')} per-core values (made in ${ms(generateMs)})`,
);

const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-bench-sessions-'));
const trialsData = [];
try {
  const sessions = path.join(dir, 'sessions');
  await SessionStore.open(dir); // creates the folder
  // Named from the session's id, as the store names files, so opening the folder doesn't rewrite it.
  const file = path.join(sessions, `${doc.id}.session.json.gz`);
  for (let i = 0; i < trials; i++) {
    started = performance.now();
    const bytes = await encodeSessionFile(doc);
    const encodeMs = performance.now() - started;
    await writeFileAtomic(file, bytes);
    const saveMs = performance.now() - started;

    started = performance.now();
    const loaded = await decodeSessionBytes(readFileSync(file));
    const loadMs = performance.now() - started;
    if (loaded.runs.length !== doc.runs.length) throw new Error('load lost runs');

    started = performance.now();
    const store = await SessionStore.open(dir);
    const openMs = performance.now() - started;
    if (store.list().sessions.length !== 1) throw new Error(`store opened ${store.list().sessions.length} sessions`);

    trialsData.push({ encodeMs, saveMs, loadMs, openMs, fileBytes: statSync(file).size });
    console.log(
      `trial ${i + 1}: save ${ms(saveMs)} (encode ${ms(encodeMs)}), load ${ms(loadMs)}, open store ${ms(openMs)}`,
    );
  }
  const jsonBytes = Buffer.byteLength(exportJson(doc));
  const m = (key) => median(trialsData.map((t) => t[key]));
  const rows = [
    { measure: 'file size on disk (gzip)', value: mb(m('fileBytes')), target: '< 10 MB' },
    {
      measure: 'save: encode + gzip + atomic write (fsync, rename)',
      value: ms(m('saveMs')),
      note: `encode ${ms(m('encodeMs'))}`,
    },
    { measure: 'load: read + gunzip + parse + validate every column', value: ms(m('loadMs')) },
    { measure: 'open the data folder with this one session', value: ms(m('openMs')) },
    { measure: 'JSON export (uncompressed, re-importable)', value: mb(jsonBytes), note: 'import limit 64 MB' },
  ];
  const md = printTable(
    `Sessions: ${shape.seconds} s at ${shape.hz} Hz on ${shape.cores} cores, ${shape.runs} runs${shape.noise ? ', random loads' : ''} (median of ${trials})`,
    rows,
  );
  const out = writeResults(
    shape.noise ? 'sessions-noise' : 'sessions',
    { shape, ticks, trials: trialsData, jsonBytes },
    md,
  );
  console.log(`Results in ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
