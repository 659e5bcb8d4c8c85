// The page's side of opening a long session, in real Chromium against the built browser-mode
// server, for the sessions bench: the longest task on the page's main thread from the click on
// "Open" until the session's page has been drawn and has settled. Long tasks come from the page's
// own PerformanceObserver ('longtask': every task over 50 ms) and, for the shorter ones, from a
// requestAnimationFrame gap monitor, which sees any stretch in which the page could not draw.
// Both are wall-clock times: on a busy machine a task also counts the time its thread waited for a
// core. A trace of the page's main thread gives each task's own CPU time too, which is what the
// page itself held the thread for.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, press, startServer } from '../../tests/e2e/app.ts';
import { findChromium } from './chromium.mjs';

/** Installed in the page before the click; a string, since tsx would wrap a function in helpers. */
const WATCH = `(() => {
  const w = (window.__sessionWatch = { longest: 0, longTasks: [], frameGap: 0, stop: false });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.longTasks.push(e.duration);
      w.longest = Math.max(w.longest, e.duration);
    }
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const frame = (t) => {
    w.frameGap = Math.max(w.frameGap, t - last);
    last = t;
    if (!w.stop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

/** Every task on a renderer's main thread in the trace: [wall ms, thread CPU ms]. */
function mainThreadTasks(events) {
  const mains = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`))
    .map((e) => [e.dur / 1000, (e.tdur ?? e.dur) / 1000]);
}

/** Traces the page's tasks while `work` runs; resolves to its tasks' [wall, CPU] times. */
async function tracedTasks(page, work) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: 'toplevel,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  try {
    await work();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  return mainThreadTasks(events);
}

/**
 * Opens the session in `file` (named `name`, of `runs` runs) `trials` times, each in a fresh page, and returns
 * each trial's longest task and longest frame gap in ms, and the most CPU time any one task of the page's main
 * thread took; undefined when there is no Chromium.
 */
export async function pageOpensSession(file, name, runs, trials) {
  const chromium = findChromium();
  if (!chromium) return undefined;
  process.env.CHROMIUM_PATH ??= chromium;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-bench-page-'));
  mkdirSync(path.join(dataDir, 'sessions'));
  copyFileSync(file, path.join(dataDir, 'sessions', path.basename(file)));
  let server;
  let browser;
  try {
    server = await startServer(['--data-dir', dataDir]);
    browser = await launchChromium();
    const out = [];
    for (let i = 0; i < trials; i++) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(server.url);
      await page.waitForSelector('[role="meter"][aria-label^="Core "]');
      await press(page, 's');
      const card = page.locator('.card').filter({ has: page.locator('.card__name', { hasText: name }) });
      await card.getByRole('button', { name: 'Open', exact: true }).waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await page.evaluate(WATCH);
      let openMs = 0;
      const tasks = await tracedTasks(page, async () => {
        const started = Date.now();
        await card.getByRole('button', { name: 'Open', exact: true }).click();
        await page.getByRole('heading', { level: 3, name }).waitFor({ timeout: 60_000 });
        // The runs' rows come from the document itself: it has arrived and been taken in.
        await page.getByRole('button', { name: `Show run ${runs}`, exact: true }).waitFor({ timeout: 60_000 });
        openMs = Date.now() - started;
        // Lets the charts draw and any work queued behind the first frame finish.
        await page.waitForTimeout(1500);
      });
      const watch = await page.evaluate('(window.__sessionWatch.stop = true, window.__sessionWatch)');
      const longestCpu = tasks.reduce((most, t) => (t[1] > most[1] ? t : most), [0, 0]);
      out.push({
        longestTaskMs: watch.longest,
        frameGapMs: watch.frameGap,
        longTasks: watch.longTasks,
        openMs,
        longestTaskCpuMs: longestCpu[1],
        longestTaskCpuWallMs: longestCpu[0],
      });
      await page.close();
    }
    return out;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
