import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadBetween, parseProcStat } from '../../src/core/monitor/cpu-times';
import { Burner } from '../support/burner';
import { screenshot, tileValues } from './app';
import { labInChromium } from './lab-in-chromium';

const CORES = os.availableParallelism();

describe('live CPU monitor in Chromium, browser mode', () => {
  const lab = labInChromium({ consoleErrors: ['error', 'warning'] });

  it('shows one named meter per logical core, and the machine facts', async () => {
    const { page } = lab;
    await page.waitForFunction(
      (n) => document.querySelectorAll('[role="meter"][aria-label^="Core "]').length === n,
      CORES,
      {
        timeout: 5000,
      },
    );
    const labels = await page
      .locator('[role="meter"][aria-label^="Core "]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    expect(labels).toEqual(Array.from({ length: CORES }, (_, i) => `Core ${i}`));
    await expect
      .poll(() => page.getByTestId('core-counts').textContent(), { timeout: 5000 })
      .toContain(`${CORES} logical cores`);
    await expect
      .poll(() => page.getByTestId('monitor-cost').textContent(), { timeout: 5000 })
      .toMatch(/monitor cost: [\d.]+% of a core/);
  });

  it('lights every core above 80% within 3 s of a real burner starting, and lets them fall after', async () => {
    const { page } = lab;
    const burner = await Burner.start({ processes: CORES });
    const started = Date.now();
    try {
      await page.waitForFunction(
        () => {
          const values = [...document.querySelectorAll('[role="meter"][aria-label^="Core "]')].map((n) =>
            Number(n.getAttribute('aria-valuenow')),
          );
          return values.length > 0 && values.every((v) => v > 80);
        },
        undefined,
        { timeout: 3000, polling: 50 },
      );
      expect(Date.now() - started).toBeLessThanOrEqual(3000);
      await screenshot(page, 'monitor-under-load-1920x1080');
    } finally {
      await burner.stop();
    }
    // They fall below half within 5 s, or, where other programs keep a core busy, to what /proc
    // says that core did over the last second (give or take a quarter).
    let before = parseProcStat(readFileSync('/proc/stat', 'latin1'));
    let fell = false;
    let seen = '';
    for (const until = Date.now() + 5000; !fell && Date.now() < until;) {
      await page.waitForTimeout(1000);
      const now = parseProcStat(readFileSync('/proc/stat', 'latin1'));
      const machine = loadBetween(before, now);
      before = now;
      const tiles = await tileValues(page);
      seen = `tiles ${tiles.join(' ')}, /proc/stat ${machine.map((v) => v.toFixed(0)).join(' ')}`;
      fell = tiles.length === CORES && tiles.every((v, i) => v < Math.max(50, (machine[i] ?? 0) + 25));
    }
    console.log(`after the burner: ${seen}`);
    expect(fell, seen).toBe(true);
  });

  it('changes the sample rate from the slider with the keyboard', async () => {
    const { page } = lab;
    const slider = page.getByRole('slider', { name: 'Sample rate' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('.rate__value').textContent(), { timeout: 3000 }).toBe('10 Hz');
    // The engine, not just the slider, took the new rate: a reload reads it back.
    await page.reload();
    await expect.poll(() => page.locator('.rate__value').textContent(), { timeout: 5000 }).toBe('10 Hz');
  });

  it('draws with no page errors, and at projector scale too', async () => {
    const { server, browser, page, pageErrors } = lab;
    await screenshot(page, 'monitor-1920x1080');
    const projector = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1.5 });
    await projector.goto(server.url);
    await projector.waitForSelector('[role="meter"][aria-label^="Core "]');
    await projector.waitForTimeout(1500);
    await screenshot(projector, 'monitor-projector-1280x720@1.5');
    await projector.close();
    expect(pageErrors).toEqual([]);
  });
});
