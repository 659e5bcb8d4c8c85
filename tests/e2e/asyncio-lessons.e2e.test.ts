import { describe, expect, it } from 'vitest';
import { press, screenshot } from './app';
import { labInChromium } from './lab-in-chromium';

/** Lesson 2 with its asyncio run beside the threads, and the guide's asyncio verdict proved, in Chromium. */
describe('asyncio in the lessons, in Chromium at 1920 × 1080', () => {
  const lab = labInChromium({ readySelector: '.lesson__title', startTimeoutMs: 60_000 });

  it('lesson 2 runs one event loop beside the threads, and says what it found', async () => {
    const { page } = lab;
    await press(page, 'ArrowRight');
    expect((await page.locator('.lesson__title').textContent())!.trim()).toMatch(/^2\./);
    await page.getByRole('slider', { name: 'Wait per download', exact: true }).fill('0.1');
    await press(page, 'Space');
    await expect.poll(() => page.locator('.btn--run').textContent(), { timeout: 5000 }).toMatch(/Stop/);
    await expect
      .poll(() => page.locator('.btn--run').textContent(), { timeout: 120_000, interval: 250 })
      .toMatch(/^\s*Run\s*$/);
    const row = page.locator('.results__table tr[data-key="asyncio"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('asyncio, one event loop');
    await expect.poll(() => page.locator('.conclusions').textContent(), { timeout: 10_000 }).toContain('asyncio');
    await screenshot(page, 'lesson-2-asyncio-1920x1080');
    await press(page, 'p');
    await page.locator('html.projector').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await screenshot(page, 'lesson-2-asyncio-projector-1920x1080');
    await press(page, 'p');
    await page.locator('html.projector').waitFor({ state: 'detached' });
  }, 180_000);

  it('the guide recommends asyncio for many waits and proves it here', async () => {
    const { page, pageErrors } = lab;
    for (let i = 0; i < 5; i++) await press(page, 'ArrowRight');
    expect((await page.locator('.lesson__title').textContent())!.trim()).toMatch(/^7\./);
    await page.getByRole('button', { name: 'Waiting: network, disk, a database' }).click();
    await page.getByRole('button', { name: 'Hundreds or thousands: many connections or requests' }).click();
    expect(await page.locator('#guide-step').textContent()).toBe('Use: asyncio');
    await page.getByRole('button', { name: /Prove it here/ }).click();
    await expect.poll(() => page.locator('.results__table tbody tr').count(), { timeout: 60_000 }).toBe(2);
    await expect
      .poll(() => page.locator('.conclusions').textContent(), { timeout: 10_000 })
      .toContain('One event loop (asyncio)');
    await screenshot(page, 'lesson-7-asyncio-1920x1080');
    await press(page, 'p');
    await page.locator('html.projector').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await screenshot(page, 'lesson-7-asyncio-projector-1920x1080');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
