import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SESSION_SCHEMA_VERSION } from '../../src/shared/session';
import { CORE_TILE, keepAxeReport, screenshot, startServer, axeViolations, press, type AxeViolation } from './app';
import { labInChromium } from './lab-in-chromium';
import { runOnSimulationOnly } from './lesson-steps';

const NEW_NAME = 'Room 4 · threads that wait';

/** The library card whose name is exactly `name`. */
function card(page: Page, name: string | RegExp): Locator {
  const exact = typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name;
  return page.locator('.card').filter({ has: page.locator('.card__name', { hasText: exact }) });
}

/** The header's session line, as it reads. */
async function indicator(page: Page): Promise<string> {
  return ((await page.getByTestId('session-indicator').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function cardNames(page: Page): Promise<string[]> {
  return (await page.locator('.card__name').allTextContents()).map((t) => t.trim()).sort();
}

async function download(page: Page, click: () => Promise<void>): Promise<{ file: Download; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const where = await file.path();
  return { file, text: readFileSync(where!, 'utf8') };
}

/** Lesson 2, small, on the simulation: four 0.3 s waits, one after another and then on four threads (no asyncio run). */
async function runIoLesson(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'I/O-bound work' }).click();
  await page.getByRole('slider', { name: 'Downloads', exact: true }).fill('4');
  await page.getByRole('slider', { name: 'Threads', exact: true }).fill('4');
  await page.getByRole('slider', { name: 'Wait per download', exact: true }).fill('0.3');
  // The two runs these tests read: one thread and four; the lesson's asyncio run is left out.
  await page.getByRole('checkbox', { name: 'asyncio, one event loop', exact: true }).uncheck();
  await runOnSimulationOnly(page);
  await page.locator('.btn--run').click();
  await expect.poll(() => page.locator('.btn--run').textContent(), { timeout: 10_000 }).toMatch(/Stop/);
  await expect
    .poll(() => page.locator('.btn--run').textContent(), { timeout: 60_000, interval: 200 })
    .toMatch(/^\s*Run\s*$/);
  await expect.poll(() => indicator(page), { timeout: 5000 }).toMatch(/^Session: Session \d{4}-\d\d-\d\d saved$/);
}

/** The app's own file picker: the Import button opens it, and the test answers it with a file. */
async function importFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import a file…' }).click(),
  ]);
  await chooser.setFiles(file);
}

describe('sessions in the app, in Chromium', () => {
  const lab = labInChromium({ consoleErrors: ['error'], readySelector: CORE_TILE, acceptDownloads: true });
  const axeReport: Record<string, AxeViolation[]> = {};
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-e2e-files-'));
  let jsonExport = '';

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('saves a lesson’s runs by itself, and the library shows the session, current and saved', async () => {
    const { page } = lab;
    await runIoLesson(page);

    await press(page, 's');
    await page.getByRole('heading', { name: 'Saved sessions' }).waitFor();
    const saved = card(page, /^Session \d{4}-\d\d-\d\d$/);
    await expect.poll(() => saved.locator('dd').first().textContent(), { timeout: 5000 }).toBe('2');
    const text = (await saved.textContent()) ?? '';
    expect(text).toContain('Current: new runs go here');
    expect(text).toContain('Saved');
    expect(text).toContain(`${os.availableParallelism()} cores`);
  });

  it('renames the session, and after a reload reopens it with its runs', async () => {
    const { page } = lab;
    const saved = card(page, /^Session \d{4}-\d\d-\d\d$/);
    await saved.getByRole('button', { name: 'Rename', exact: true }).click();
    const field = page.getByRole('textbox', { name: 'Rename to' });
    // A name the engine refuses: the reason shows under the field, which keeps what was typed.
    await field.fill('Room 4 / I/O');
    await field.press('Enter');
    await expect
      .poll(() => page.locator('.name-form__error').textContent())
      .toBe('a session name cannot contain / or \\');
    expect(await field.inputValue()).toBe('Room 4 / I/O');
    await field.fill(NEW_NAME);
    await field.press('Enter');
    await card(page, NEW_NAME).waitFor();
    await expect.poll(() => indicator(page)).toBe(`Session: ${NEW_NAME} saved`);

    await page.reload();
    await page.waitForSelector(CORE_TILE);
    await press(page, 's');
    await card(page, NEW_NAME).waitFor();
    expect(await cardNames(page)).toEqual([NEW_NAME]);
    await card(page, NEW_NAME).getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: NEW_NAME }).waitFor();
    const rows = page.locator('table.runs tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = async (i: number) => (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.trim());
    expect((await cells(0)).slice(1, 5)).toEqual(['I/O waits', 'One thread (sequential)', '1', '4 × 0.3 s']);
    expect((await cells(1)).slice(1, 5)).toEqual(['I/O waits', 'Threads, with the GIL', '4', '4 × 0.3 s']);
    // Four waits of 0.3 s one after another, and together on four threads.
    const wall = async (i: number) => parseFloat(await rows.nth(i).locator('td[data-col="wall"]').innerText());
    expect(await wall(0)).toBeGreaterThanOrEqual(1.2);
    expect(await wall(1)).toBeLessThan(0.6);
    await page.locator('.traces').waitFor();
    await screenshot(page, 'sessions-detail-1920x1080');
    axeReport.detail = await axeViolations(page);
  });

  it('exports every format, each opening as what it claims to be', async () => {
    const { page } = lab;
    const exports = page.locator('.exports');
    const json = await download(page, () => exports.getByRole('button', { name: 'JSON' }).click());
    // Files are named after the session as it is called now, renamed or not.
    expect(json.file.suggestedFilename()).toBe('room-4-threads-that-wait.json');
    const doc = JSON.parse(json.text);
    expect(doc).toMatchObject({ format: 'gil-lab-session', schemaVersion: SESSION_SCHEMA_VERSION, name: NEW_NAME });
    expect(doc.runs.map((r: { measurement: { params: { mode: string } } }) => r.measurement.params.mode)).toEqual([
      'sequential',
      'threads-gil',
    ]);
    jsonExport = path.join(scratch, json.file.suggestedFilename());
    writeFileSync(jsonExport, json.text);

    const runs = await download(page, () => exports.getByRole('button', { name: 'CSV: runs' }).click());
    expect(runs.file.suggestedFilename()).toMatch(/-runs\.csv$/);
    const runLines = runs.text.split('\r\n').filter(Boolean);
    expect(runLines[0]).toMatch(/^run,/);
    expect(runLines).toHaveLength(3);
    expect(runLines[1]).toMatch(/^1,.*io-sleep,sequential,/);

    const samples = await download(page, () => exports.getByRole('button', { name: 'CSV: core samples' }).click());
    const sampleLines = samples.text.split('\r\n').filter(Boolean);
    expect(sampleLines[0]).toBe('run,t_ms,core,load_pct');
    expect(sampleLines.length).toBeGreaterThan(1);
    expect(sampleLines[1]).toMatch(/^\d+,-?\d+(\.\d+)?,\d+,\d+(\.\d+)?$/);

    const md = await download(page, () => exports.getByRole('button', { name: 'Markdown' }).click());
    const table = md.text.split('\n').filter((l) => l.startsWith('|'));
    expect(table[0]).toMatch(/^\| # \| backend \| workload \| mode \|/);
    expect(table[1]).toMatch(/^\| -: \| --- \|/);
    expect(table).toHaveLength(4);

    const html = await download(page, () => exports.getByRole('button', { name: 'HTML report' }).click());
    expect(html.text).toMatch(/^<!doctype html>/i);
    expect(html.text).toContain("default-src 'none'");
    expect(html.text).toContain('<svg');
    expect(html.text).toContain(NEW_NAME);
    // Self-contained: nothing to fetch, no script.
    expect(html.text).not.toMatch(/https?:\/\//);
    expect(html.text).not.toMatch(/<script|<link|\ssrc=/i);
  });

  it('saves the results chart as a PNG of what is on screen', async () => {
    const { page } = lab;
    const figure = page.locator('figure.runs-chart');
    const png = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save PNG' }).first().click(),
    ]).then(async ([file]) => ({ name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }));
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const box = (await figure.boundingBox())!;
    expect(png.bytes.readUInt32BE(16)).toBe(Math.round(box.width));
    expect(png.bytes.readUInt32BE(20)).toBe(Math.round(box.height));
    // Against the browser's own picture of the figure: the same pixels, bar for bar, and text
    // where the text is. A blank or misplaced PNG differs in most of them.
    const shot = await figure.screenshot();
    const similarity = await page.evaluate(
      async ([a, b]) => {
        const load = async (b64: string) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const ctx = c.getContext('2d')!;
          ctx.drawImage(img, 0, 0);
          return ctx.getImageData(0, 0, c.width, c.height).data;
        };
        const [x, y] = await Promise.all([load(a!), load(b!)]);
        let close = 0;
        let ink = 0;
        const n = Math.min(x.length, y.length) / 4;
        for (let i = 0; i < n * 4; i += 4) {
          const d = Math.abs(x[i]! - y[i]!) + Math.abs(x[i + 1]! - y[i + 1]!) + Math.abs(x[i + 2]! - y[i + 2]!);
          if (d < 60) close++;
          if (Math.abs(y[i]! - y[0]!) + Math.abs(y[i + 1]! - y[1]!) + Math.abs(y[i + 2]! - y[2]!) > 60) ink++;
        }
        return { close: close / n, ink: ink / n };
      },
      [png.bytes.toString('base64'), shot.toString('base64')],
    );
    expect(similarity.ink).toBeGreaterThan(0.05);
    expect(similarity.close).toBeGreaterThan(0.99);
  });

  it('lists the lesson’s runs under its go, and takes a bad run out and back with the keyboard', async () => {
    const { page } = lab;
    expect(await page.locator('.run-group__heading').allTextContents()).toEqual([
      expect.stringMatching(/^I\/O-bound work, go 1\s*Downloads 4, Threads 4, Wait per download 0\.3 s/),
    ]);
    const rows = page.locator('table.runs tbody tr');
    const before = await rows.locator('th').allTextContents();
    await page.getByRole('button', { name: 'Show run 2', exact: true }).click();
    await page.getByRole('button', { name: 'Remove run 2…', exact: true }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Remove run 2', exact: true });
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'sessions-remove-run-1920x1080');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    await expect.poll(() => undo.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('.toast__text').textContent()).toBe(
      `Removed run 2 (I/O waits · Threads, with the GIL) from "${NEW_NAME}".`,
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.locator('th').allTextContents()).toEqual(before);
  });

  it('re-imports the JSON as a renamed copy marked imported, and deletes it with Undo', async () => {
    const { page } = lab;
    await page.getByRole('button', { name: '◀ All sessions' }).click();
    await card(page, NEW_NAME).waitFor();
    await importFile(page, jsonExport);
    const copy = card(page, `${NEW_NAME} (2)`);
    await copy.waitFor();
    expect(await copy.textContent()).toContain(`Imported from “${NEW_NAME}”`);
    expect(await cardNames(page)).toEqual([NEW_NAME, `${NEW_NAME} (2)`]);
    await screenshot(page, 'sessions-library-1920x1080');
    axeReport.library = await axeViolations(page);

    await copy.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => cardNames(page)).toEqual([NEW_NAME]);
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    await expect.poll(() => undo.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => cardNames(page)).toEqual([NEW_NAME, `${NEW_NAME} (2)`]);
  });

  it('refuses a file that is not a session with its one-line reason, and changes nothing', async () => {
    const { page } = lab;
    const hostile = path.join(scratch, 'notes.txt');
    writeFileSync(hostile, 'These are my notes, not a session.\n');
    await importFile(page, hostile);
    const alert = page.locator('.import__error');
    await alert.waitFor();
    expect(await alert.locator('span').textContent()).toMatch(
      /^Not imported: "notes\.txt" is not JSON \([^\n]+\)\. Nothing was changed\.$/,
    );
    expect(await cardNames(page)).toEqual([NEW_NAME, `${NEW_NAME} (2)`]);
    await screenshot(page, 'sessions-import-refused-1920x1080');
  });

  it('imports the same lesson from another machine: a 32-core preview, saved as its own file', async () => {
    const { browser, page, pageErrors } = lab;
    // A second server on a folder of its own stands in for a classmate's machine; its session
    // file comes in as it is on disk, gzipped.
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-e2e-other-'));
    const other = await startServer(['--synthetic-cores', '32', '--data-dir', otherDir]);
    try {
      const otherPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      otherPage.on('pageerror', (error) => pageErrors.push(`other machine: ${error.message}`));
      await otherPage.goto(other.url);
      await otherPage.waitForSelector(CORE_TILE);
      await runIoLesson(otherPage);
      await otherPage.close();
    } finally {
      await other.stop();
    }
    const dir = path.join(otherDir, 'sessions');
    const file = readdirSync(dir).find((f) => f.endsWith('.session.json.gz'))!;
    await importFile(page, path.join(dir, file));
    const imported = card(page, /^Session \d{4}-\d\d-\d\d$/);
    await imported.waitFor();
    const text = (await imported.textContent()) ?? '';
    expect(text).toMatch(/Imported from “Session \d{4}-\d\d-\d\d”/);
    expect(text).toContain('Synthetic 32-core feed, 32 cores');
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('compares the three side by side, noting the machines, and looks right in projector mode', async () => {
    const { page, pageErrors } = lab;
    const other = (await page.locator('.card__name').allTextContents())
      .map((t) => t.trim())
      .find((n) => /^Session \d{4}-\d\d-\d\d$/.test(n))!;
    for (const name of [NEW_NAME, `${NEW_NAME} (2)`, other]) {
      await page.getByRole('checkbox', { name: `Compare ${name}`, exact: true }).check();
    }
    await page.getByRole('button', { name: 'Compare (3)' }).click();
    await page.locator('table.ratios').waitFor();
    expect(await page.locator('.compare__summary').textContent()).toBe(
      '2 cores vs 2 cores vs 32 cores; different CPU model; C: synthetic core loads',
    );
    const ratios = page.locator('table.ratios tbody tr');
    expect(await ratios.count()).toBe(2);
    // The copy holds the same runs, so its ratios are exactly 1; the other machine's are its
    // medians divided by A's, as the cells beside them show.
    expect(await page.locator('td[data-ratio="time-B"] .ratios__main').allTextContents()).toEqual(['1.00×', '1.00×']);
    for (let i = 0; i < 2; i++) {
      const row = ratios.nth(i);
      const a = parseFloat((await row.locator('td[data-side="A"] .ratios__main').textContent())!);
      const c = parseFloat((await row.locator('td[data-side="C"] .ratios__main').textContent())!);
      const shown = parseFloat((await row.locator('td[data-ratio="time-C"] .ratios__main').textContent())!);
      // The ratio divides the unrounded medians; the cells show them to the millisecond.
      expect(Math.abs(shown - c / a)).toBeLessThanOrEqual(0.011);
    }
    await screenshot(page, 'sessions-compare-1920x1080');
    axeReport.compare = await axeViolations(page);

    await press(page, 'p');
    await page.locator('html.projector').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await screenshot(page, 'sessions-compare-projector-1920x1080');
    axeReport['compare, projector'] = await axeViolations(page);
    const body = await page.evaluate(() =>
      parseFloat(getComputedStyle(document.querySelector('.compare__intro')!).fontSize),
    );
    expect(body).toBeGreaterThanOrEqual(28);

    await page.getByRole('button', { name: '◀ All sessions' }).click();
    await card(page, NEW_NAME).waitFor();
    await screenshot(page, 'sessions-library-projector-1920x1080');
    axeReport['library, projector'] = await axeViolations(page);
    await card(page, NEW_NAME).getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('.traces').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'sessions-detail-projector-1920x1080');
    axeReport['detail, projector'] = await axeViolations(page);
    await press(page, 'p');
    await page.locator('html.projector').waitFor({ state: 'detached' });

    const serious = keepAxeReport('axe-sessions.json', axeReport);
    expect(serious).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
