// The page's side of opening a long session, in real Chromium against the built browser-mode
// server, for the sessions bench: the longest task on the page's main thread from the click on
// "Open" until the session's page has been drawn and has settled. Long tasks come from the page's
// own PerformanceObserver ('longtask': every task over 50 ms) and, for the shorter ones, from a
// requestAnimationFrame gap monitor, which sees any stretch in which the page could not draw.
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

/**
 * Opens the session in `file` (named `name`, of `runs` runs) `trials` times, each in a fresh page, and returns
 * each trial's longest task and longest frame gap in ms; undefined when there is no Chromium.
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
      const started = Date.now();
      await card.getByRole('button', { name: 'Open', exact: true }).click();
      await page.getByRole('heading', { level: 3, name }).waitFor({ timeout: 60_000 });
      // The runs' rows come from the document itself: it has arrived and been taken in.
      await page.getByRole('button', { name: `Show run ${runs}`, exact: true }).waitFor({ timeout: 60_000 });
      const openMs = Date.now() - started;
      // Lets the charts draw and any work queued behind the first frame finish.
      await page.waitForTimeout(1500);
      const watch = await page.evaluate('(window.__sessionWatch.stop = true, window.__sessionWatch)');
      out.push({ longestTaskMs: watch.longest, frameGapMs: watch.frameGap, longTasks: watch.longTasks, openMs });
      await page.close();
    }
    return out;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
