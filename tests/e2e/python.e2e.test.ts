import { describe, expect, it } from 'vitest';
import { CORE_TILE, press, screenshot } from './app';
import { labInChromium } from './lab-in-chromium';

/** Lesson 1 on the simulation and on the python3 of this machine, side by side, in Chromium. */
describe('a lesson on both backends in Chromium', () => {
  const lab = labInChromium({ readySelector: CORE_TILE });

  it('runs lesson 1 on the simulation and in real Python, and shows both results and where they agree', async () => {
    const { page, pageErrors } = lab;
    await page.getByRole('heading', { level: 2, name: /CPU-bound work/ }).waitFor();
    // Both is the default once a Python is found; the interpreter is named with its version and path.
    const select = page.getByTestId('python-select');
    await select.waitFor({ timeout: 30_000 });
    expect(await select.locator('option:checked').textContent()).toMatch(
      /^Python 3\.\d+\.\d+, (GIL build|free-threaded)/,
    );
    expect(await page.locator('input[name="run-on"][value="both"]').isChecked()).toBe(true);
    await page.getByRole('slider', { name: 'Length of one task', exact: true }).fill('0.25');
    await page.getByRole('slider', { name: 'Tasks', exact: true }).fill('2');
    await page.getByRole('slider', { name: 'Threads or processes', exact: true }).fill('2');

    const started = Date.now();
    await page.locator('.btn--run').click();
    await expect.poll(() => page.locator('.btn--run').textContent(), { timeout: 5000 }).toMatch(/Stop/);
    // While real Python runs, the live view says so in its heading.
    await expect
      .poll(() => page.locator('#live-heading').textContent(), { timeout: 60_000, interval: 100 })
      .toMatch(/real Python/);
    await expect
      .poll(() => page.locator('.btn--run').textContent(), { timeout: 180_000, interval: 250 })
      .toMatch(/^\s*Run\s*$/);
    console.log(`lesson 1 on both backends took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const pair = page.getByTestId('backend-pair');
    await pair.waitFor();
    const walls = async (backend: string) =>
      pair.locator(`tr[data-backend="${backend}"] td[data-col="wall"]`).allTextContents();
    const simWalls = await walls('simulation');
    const realWalls = await walls('python');
    console.log('simulation walls', simWalls, 'real Python walls', realWalls);
    expect(simWalls.length).toBeGreaterThanOrEqual(3);
    expect(realWalls.length).toBeGreaterThanOrEqual(3);
    for (const w of [...simWalls, ...realWalls]) expect(Number(w)).toBeGreaterThan(0.1);
    const waits = await pair.locator('tr[data-backend="python"] td[data-col="waiting"]').allTextContents();
    console.log('real Python waiting per thread', waits);
    expect(waits.some((w) => /\d+%/.test(w))).toBe(true);
    const line = await page.getByTestId('backend-agreement').textContent();
    console.log(line);
    expect(line).toMatch(/^The simulation and real Python (agree|differ)/);

    // The lanes shown after the go are real Python's last run: named for what the OS measured.
    const legend = await page.locator('.live [aria-label="Legend"]').textContent();
    expect(legend).not.toContain('waiting for the GIL');
    await screenshot(page, 'python-both-1920');
    await page.getByTestId('backend-pair').scrollIntoViewIfNeeded();
    await screenshot(page, 'python-both-results-1920');
    await press(page, 'p');
    await page.waitForFunction(() => document.documentElement.classList.contains('projector'));
    await page.getByTestId('backend-pair').scrollIntoViewIfNeeded();
    await screenshot(page, 'python-both-projector');
    // The interpreter's path field reads at the projector's type size, as the page around it does.
    const path = page.getByRole('textbox', { name: 'Python path' });
    await path.scrollIntoViewIfNeeded();
    const size = (selector: string) =>
      page.evaluate((s) => getComputedStyle(document.querySelector(s)!).fontSize, selector);
    expect(await size('input[aria-label="Python path"]')).toBe(await size('body'));
    await screenshot(page, 'python-choice-projector');
    await press(page, 'p');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
