// `npm run bench -- sessions [--trials N] [--cores N] [--hz N] [--seconds N] [--runs N] [--noise]`: how long a
// long session takes to save and load, how long either holds up the engine's event loop, how long
// the page's thread spends taking the session in, and how big it is on disk. Runs under tsx
// (bench.mjs), so it measures the TypeScript storage code itself: the same encode (on the session
// codec thread, as the app does), atomic write, read and full validation, on a synthetic session
// shaped like the real sampler's output.
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, printTable, writeResults } from '../bench/lib/report.ts';
import { writeFileAtomic } from '../src/core/sessions/atomic-write.ts';
import { exportJson } from '../src/core/sessions/export/index.ts';
import * as sessionFile from '../src/core/sessions/session-file.ts';
import { SessionStore } from '../src/core/sessions/session-store.ts';
import { syntheticSession } from '../src/core/sessions/synthetic-session.ts';
import { EventLoopWatch } from '../src/core/util/event-loop-watch.ts';
import { parseInvokeResponse } from '../src/shared/contract.ts';
import { SessionDocumentSchema } from '../src/shared/session.ts';
import { chunkCount, SessionAssembly, sessionChunk, sessionOutline } from '../src/shared/session-read.ts';
import { ServerMessageSchema } from '../src/shared/wire.ts';
import { sourceWorkerLocator } from '../tests/support/workers.ts';
import { pageOpensSession } from './lib/session-page.mjs';
import { sessionStages } from './lib/session-stages.mjs';

const { decodeSessionBytes, encodeSessionFile } = sessionFile;
// As the app's composition root does; run from source here, through tsx.
sessionFile.useSessionCodecThread?.(sourceWorkerLocator);

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

/** Runs `work` while watching the event loop: its time and the longest stall in it. */
async function watched(work) {
  const watch = new EventLoopWatch().start();
  // Lets the watch's timer take its first reading before the work begins.
  await new Promise((resolve) => setTimeout(resolve, 5));
  watch.reset();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const { maxStallMs } = watch.report();
  watch.stop();
  return { value, ms, blockMs: maxStallMs };
}

/**
 * The page's thread when it opens a session in browser mode: each WebSocket message of the read
 * (the outline, then every chunk) parsed, its envelope and payload checked against the contract,
 * in a task of its own; the last chunk's task also puts the document together and checks it whole.
 * The longest of those tasks is the block.
 */
function rendererTakesIn(messages) {
  let longest = 0;
  let assembly;
  for (const [i, message] of messages.entries()) {
    const started = performance.now();
    const { value } = ServerMessageSchema.parse(JSON.parse(message));
    if (i === 0) assembly = new SessionAssembly(parseInvokeResponse('session:read-begin', value));
    else assembly.add(parseInvokeResponse('session:read-chunk', value));
    if (i === messages.length - 1) SessionDocumentSchema.parse(assembly.finish());
    longest = Math.max(longest, performance.now() - started);
  }
  return longest;
}

/** The messages that carry `doc` to the page, as the server sends them. */
function readMessages(doc) {
  const reply = (value) => JSON.stringify({ type: 'result', id: 1, ok: true, value });
  const outline = sessionOutline(doc, 'bench');
  const chunks = Array.from({ length: chunkCount(outline) }, (_, i) => reply(sessionChunk(doc, i)));
  return [reply(outline), ...chunks];
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-bench-sessions-'));
const trialsData = [];
try {
  const sessions = path.join(dir, 'sessions');
  await SessionStore.open(dir); // creates the folder
  // Named from the session's id, as the store names files, so opening the folder doesn't rewrite it.
  const file = path.join(sessions, `${doc.id}.session.json.gz`);
  // The codec thread starts once per process, as in the app: not part of any one save.
  await decodeSessionBytes(await encodeSessionFile(doc));
  const messages = readMessages(doc);
  for (let i = 0; i < trials; i++) {
    let encodeMs = 0;
    const save = await watched(async () => {
      const begun = performance.now();
      const bytes = await encodeSessionFile(doc);
      encodeMs = performance.now() - begun;
      await writeFileAtomic(file, bytes);
    });
    const load = await watched(async () => decodeSessionBytes(await readFile(file)));
    if (load.value.runs.length !== doc.runs.length) throw new Error('load lost runs');
    const rendererMs = rendererTakesIn(messages);

    started = performance.now();
    const store = await SessionStore.open(dir);
    const openMs = performance.now() - started;
    if (store.list().sessions.length !== 1) throw new Error(`store opened ${store.list().sessions.length} sessions`);

    const trial = {
      encodeMs,
      saveMs: save.ms,
      saveBlockMs: save.blockMs,
      loadMs: load.ms,
      loadBlockMs: load.blockMs,
      rendererMs,
      openMs,
      fileBytes: statSync(file).size,
    };
    trialsData.push(trial);
    console.log(
      `trial ${i + 1}: save ${ms(trial.saveMs)} (encode ${ms(encodeMs)}, longest block ${ms(save.blockMs)}), ` +
        `load ${ms(trial.loadMs)} (longest block ${ms(load.blockMs)}), page takes in ${ms(rendererMs)}, open store ${ms(openMs)}`,
    );
  }
  const page = await pageOpensSession(file, doc.name, doc.runs.length, trials);
  if (page) {
    page.forEach((p, i) =>
      console.log(
        `page trial ${i + 1}: longest task ${ms(p.longestTaskMs)}, longest frame gap ${ms(p.frameGapMs)}, ` +
          `open to heading ${ms(p.openMs)} (long tasks: ${p.longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}), ` +
          `most CPU in one task ${ms(p.longestTaskCpuMs)} (of ${ms(p.longestTaskCpuWallMs)} wall)`,
      ),
    );
  } else console.log('No Chromium found: the page is measured only by its Node stand-in.');
  const stages = await sessionStages(doc, trials);
  const jsonBytes = Buffer.byteLength(exportJson(doc));
  const m = (key) => median(trialsData.map((t) => t[key]));
  const rows = [
    { measure: 'file size on disk (gzip)', value: mb(m('fileBytes')), target: '< 10 MB' },
    {
      measure: 'save: encode + gzip + atomic write (fsync, rename)',
      value: ms(m('saveMs')),
      target: '≤ 200 ms',
      note: `encode ${ms(m('encodeMs'))}`,
    },
    { measure: 'save: longest event-loop block', value: ms(m('saveBlockMs')), target: '≤ 50 ms' },
    { measure: 'load: read + gunzip + parse + validate every column', value: ms(m('loadMs')), target: '≤ 200 ms' },
    { measure: 'load: longest event-loop block', value: ms(m('loadBlockMs')), target: '≤ 50 ms' },
    {
      measure: "page's thread taking the session in (browser mode)",
      value: ms(m('rendererMs')),
      target: '≤ 50 ms',
      note: 'longest message of the read: JSON.parse + contract check, V8 in Node',
    },
    ...(page
      ? [
          {
            measure: 'page: longest main-thread task opening the session (Chromium, browser mode)',
            value: ms(median(page.map((p) => p.longestTaskMs))),
            target: '≤ 50 ms',
            note: `longest frame gap ${ms(median(page.map((p) => p.frameGapMs)))}; 0 ms: no task over 50 ms`,
          },
          {
            measure: "page: most CPU time in one main-thread task (the page's own share of it)",
            value: ms(median(page.map((p) => p.longestTaskCpuMs))),
            target: '≤ 50 ms',
            note: 'from a trace; the row above also counts time the thread waited for a core',
          },
        ]
      : []),
    { measure: 'open the data folder with this one session', value: ms(m('openMs')) },
    { measure: 'JSON export (uncompressed, re-importable)', value: mb(jsonBytes), note: 'import limit 64 MB' },
  ];
  const md = printTable(
    `Sessions: ${shape.seconds} s at ${shape.hz} Hz on ${shape.cores} cores, ${shape.runs} runs${shape.noise ? ', random loads' : ''} (median of ${trials})`,
    rows,
  );
  const out = writeResults(
    shape.noise ? 'sessions-noise' : 'sessions',
    { shape, ticks, trials: trialsData, page, stages, jsonBytes },
    `${md}\n\n${stages.markdown}`,
  );
  console.log(`Results in ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
