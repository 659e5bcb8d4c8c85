import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Sets the lesson's slider named `label`. */
export async function setParam(page: Page, label: string, value: number): Promise<void> {
  await page.getByRole('slider', { name: label, exact: true }).fill(String(value));
}

/** Shortens lessons 2, 5 and 6 so a walk through every lesson runs in minutes; the others are left as they are. */
export async function quickLessonSettings(page: Page, lesson: number): Promise<void> {
  if (lesson === 2) await setParam(page, 'Wait per download', 0.1);
  if (lesson === 5) await setParam(page, 'Length of one task', 0.1);
  if (lesson === 6) await setParam(page, 'Work per thread', 0.5);
}

/** Lesson 7: answers the guide for long CPU-bound Python code, proves its advice here and waits for both runs. */
export async function proveGuideForPythonCode(page: Page, timeoutMs: number): Promise<void> {
  await page.getByRole('button', { name: 'Computing: loops, maths, parsing' }).click();
  await page.getByRole('button', { name: 'A good fraction of a second or more' }).click();
  await page.getByRole('button', { name: 'No, it is Python code' }).click();
  await page.getByRole('button', { name: /Prove it here/ }).click();
  await expect.poll(() => page.locator('.results__table tbody tr').count(), { timeout: timeoutMs }).toBe(2);
}

/**
 * Has the lesson run on the simulation alone, as a room that picked it would: once the engine
 * has answered whether it found a Python (a go started before that waits for it, and then runs
 * on both), Simulation is picked.
 */
export async function runOnSimulationOnly(page: Page): Promise<void> {
  await page.locator('[data-testid="python-select"], .backend__none').first().waitFor({ timeout: 30_000 });
  await page.locator('input[name="run-on"][value="simulation"]').check();
}
