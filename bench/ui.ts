/**
 * `npm run bench -- ui`: the renderer under load. A synthetic 256-core monitor feed at 10 Hz,
 * plus a real 16-thread GIL run (so 16 worker lanes and a GIL lane stream state changes), in
 * Chromium at 1920 × 1080. Measures frame time from requestAnimationFrame and the renderer
 * process's CPU time from Chromium's own process accounting.
 */
import { parseArgs } from 'node:util';
import { findChromium } from '../scripts/lib/chromium.mjs';
import { launchChromium, startServer } from '../tests/e2e/app';
import { median, printTable, writeResults, type Row } from './lib/report';
import { setRate } from './lib/browser-mode';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, trials: { type: 'string' } } });
const SECONDS = Number(values.seconds ?? 10);
const TRIALS = Number(values.trials ?? 3);
process.env.CHROMIUM_PATH ??= findChromium();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Trial {
  frames: number;
  /** Main-thread time per frame drawn, ms: the frame's own work plus the tasks since the last. */
  workP95: number;
  workMax: number;
  framesPerSecond: number;
  p50: number;
  p95: number;
  max: number;
  rendererPercent: number;
  /** The renderer's CPU while the frame-time probe ran. */
  probePercent: number;
  lanes: number;
  meters: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/**
 * The renderer main thread's CPU time per frame drawn: each frame's own work (BeginMainFrame)
 * plus every task since the previous frame, which had to finish before this one could start.
 * Thread time, not wall time, so the GIL run sharing the cores doesn't count as the page's.
 */
function frameWork(trace: Buffer): { perFrame: number[] } {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return { perFrame: [] };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  const frames = onMain.filter((e) => e.name === 'ProxyMain::BeginMainFrame').map((e) => e.ts);
  const perFrame: number[] = [];
  let sum = 0;
  let topEnd = -Infinity;
  let next = 0;
  for (const task of onMain) {
    if (task.name !== 'ThreadControllerImpl::RunTask' || task.ts < topEnd) continue;
    topEnd = task.ts + (task.dur ?? 0);
    sum += (task.tdur ?? task.dur ?? 0) / 1000;
    // A frame is drawn inside this task: everything so far was its work.
    while (next < frames.length && frames[next]! < task.ts) next++;
    if (next < frames.length && frames[next]! <= topEnd) {
      perFrame.push(sum);
      sum = 0;
      next++;
    }
  }
  return { perFrame };
}

async function trial(): Promise<Trial> {
  const server = await startServer(['--synthetic-cores', '256']);
  const browser = await launchChromium();
  try {
    await setRate(server.url, 10);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelectorAll('[aria-label^="Core "]').length === 256);

    // Lesson 1, GIL threads only: 16 threads, 16 tasks of 3 s, so the run outlasts the window.
    for (const key of ['sequential', 'processes', 'threads-free']) {
      await page
        .locator('.lesson__steps label', { hasText: labelFor(key) })
        .locator('input')
        .uncheck();
    }
    await page.getByRole('slider', { name: 'Threads or processes', exact: true }).fill('16');
    await page.getByRole('slider', { name: 'Tasks', exact: true }).fill('16');
    await page.getByRole('slider', { name: 'Length of one task', exact: true }).fill('3');
    await page.locator('.btn--run').click();
    await page.waitForFunction(() => document.querySelectorAll('.lanes__label, [data-lane]').length >= 16, undefined, {
      timeout: 30_000,
    });
    await page.waitForTimeout(1000);

    const cdp = await browser.newBrowserCDPSession();
    const rendererCpu = async (): Promise<number> => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { type: string; cpuTime: number }[];
      };
      return info.processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
    };
    // CPU first, with nothing but the app asking for frames; then frame times, from a
    // requestAnimationFrame probe, which itself makes Chromium draw every vsync, so its window's
    // CPU is reported apart.
    const cpuPercent = async (during: Promise<unknown>): Promise<number> => {
      const before = await rendererCpu();
      const wallBefore = performance.now();
      await during;
      return (100 * ((await rendererCpu()) - before)) / ((performance.now() - wallBefore) / 1000);
    };
    const rendererPercent = await cpuPercent(page.waitForTimeout(SECONDS * 1000));
    let deltas: number[] = [];
    const probePercent = await cpuPercent(
      // A string, not a function: tsx's transform would wrap a function in helpers the page lacks.
      page
        .evaluate(
          `new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + ${SECONDS * 1000};
      const frame = (t) => {
        out.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(frame);
        else resolve(out);
      };
      requestAnimationFrame(frame);
    })`,
        )
        .then((d) => (deltas = d as number[])),
    );
    // The main thread's work per frame, from Chromium's own trace: what "frame time" means when
    // frames come on vsync anyway. A third window, since tracing costs CPU of its own.
    await browser.startTracing(page, { categories: ['toplevel', 'cc', '__metadata'] });
    await page.waitForTimeout(Math.min(5, SECONDS) * 1000);
    const work = frameWork(await browser.stopTracing());
    const lanes = await page.locator('.lanes__label, [data-lane]').count();
    const meters = await page.locator('[aria-label^="Core "]').count();
    await page.locator('.btn--run').click();
    const frames = deltas.slice(1);
    return {
      frames: frames.length,
      workP95: percentile(work.perFrame, 95),
      workMax: Math.max(...work.perFrame),
      framesPerSecond: work.perFrame.length / Math.min(5, SECONDS),
      p50: percentile(frames, 50),
      p95: percentile(frames, 95),
      max: Math.max(...frames),
      rendererPercent,
      probePercent,
      lanes,
      meters,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

function labelFor(key: string): string {
  return {
    sequential: 'One thread (sequential)',
    processes: 'Processes',
    'threads-free': 'Threads, free-threaded (PEP 703)',
  }[key]!;
}

const trials: Trial[] = [];
for (let i = 0; i < TRIALS; i++) {
  const t = await trial();
  trials.push(t);
  console.log(
    `trial ${i + 1}: frame work p95 ${t.workP95.toFixed(1)} ms (max ${t.workMax.toFixed(1)}), ${t.frames} rAF frames, interval p95 ${t.p95.toFixed(1)} ms, renderer ${t.rendererPercent.toFixed(1)}% of a core (${t.probePercent.toFixed(1)}% with the frame probe), ${t.lanes} lanes, ${t.meters} core meters`,
  );
}
const rows: Row[] = [
  { measure: 'core meters on screen', value: String(trials[0]!.meters), note: 'synthetic feed, 10 Hz' },
  { measure: 'worker lanes on screen', value: String(trials[0]!.lanes), note: 'real 16-thread GIL run' },
  {
    measure: 'frame time p95: main-thread work per frame (median of trials)',
    value: `${median(trials.map((t) => t.workP95)).toFixed(1)} ms`,
    target: '≤ 16.7 ms',
    note: `worst frame ${Math.max(...trials.map((t) => t.workMax)).toFixed(1)} ms, ${median(trials.map((t) => t.framesPerSecond)).toFixed(0)} frames drawn a second`,
  },
  {
    measure: 'frame interval p95, from requestAnimationFrame',
    value: `${median(trials.map((t) => t.p95)).toFixed(1)} ms`,
    note: `p50 ${median(trials.map((t) => t.p50)).toFixed(1)} ms, longest ${Math.max(...trials.map((t) => t.max)).toFixed(0)} ms; 16.7 ms is one vsync`,
  },
  {
    measure: 'renderer CPU (median of trials)',
    value: `${median(trials.map((t) => t.rendererPercent)).toFixed(1)}% of a core`,
    target: '≤ 10%',
    note: `${trials.length} trials of ${SECONDS} s`,
  },
  {
    measure: 'renderer CPU with the frame probe running',
    value: `${median(trials.map((t) => t.probePercent)).toFixed(1)}% of a core`,
    note: 'a requestAnimationFrame loop makes Chromium draw every vsync',
  },
];
const md = printTable('Renderer under load (256 cores at 10 Hz + 16 lanes)', rows);
console.log(`wrote ${writeResults('ui', { trials }, md)}`);
