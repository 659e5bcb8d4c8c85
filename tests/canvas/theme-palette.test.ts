import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/app';

/**
 * theme.css in Chromium: the colours a canvas reads (trimmed, as lib/theme.ts reads them) and the
 * page's own, for every way a scheme comes into force: the system's setting, a chosen theme, and
 * projector mode.
 */

const CSS = readFileSync(new URL('../../src/renderer/src/styles/theme.css', import.meta.url), 'utf8');
const DARK = { bg: '#0f1419', text: '#f2f4f7', accent: '#5ab0ff', focus: '#ffcc00' };
const LIGHT = { bg: '#f6f7f9', text: '#111820', accent: '#0b5cad', focus: '#0b5cad' };
const PROJECTOR = { bg: '#000000', text: '#ffffff', accent: '#ffd60a', focus: '#00e5ff' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function palette(system: 'light' | 'dark', theme: string, projector = false) {
  const page = await browser.newPage({ colorScheme: system });
  try {
    await page.setContent(
      `<!doctype html><html data-theme="${theme}" class="${projector ? 'projector' : ''}">` +
        `<head><style>${CSS}</style></head><body><p>GIL Lab</p></body></html>`,
    );
    return await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('p')!);
      const read = (name: string) => style.getPropertyValue(name).trim();
      return {
        colours: { bg: read('--bg'), text: read('--text'), accent: read('--accent'), focus: read('--focus') },
        scheme: getComputedStyle(document.documentElement).colorScheme,
        background: getComputedStyle(document.body).backgroundColor,
      };
    });
  } finally {
    await page.close();
  }
}

describe('the theme palette', () => {
  it('follows the system setting while no theme is chosen', async () => {
    expect(await palette('dark', 'system')).toEqual({ colours: DARK, scheme: 'dark', background: 'rgb(15, 20, 25)' });
    expect(await palette('light', 'system')).toEqual({
      colours: LIGHT,
      scheme: 'light',
      background: 'rgb(246, 247, 249)',
    });
  });

  it('takes a chosen theme over the system setting', async () => {
    expect(await palette('dark', 'light')).toEqual({
      colours: LIGHT,
      scheme: 'light',
      background: 'rgb(246, 247, 249)',
    });
    expect(await palette('light', 'dark')).toEqual({ colours: DARK, scheme: 'dark', background: 'rgb(15, 20, 25)' });
  });

  it('is black and white with one accent in projector mode, whatever the system prefers', async () => {
    for (const system of ['light', 'dark'] as const) {
      expect(await palette(system, 'projector', true)).toEqual({
        colours: PROJECTOR,
        scheme: 'dark',
        background: 'rgb(0, 0, 0)',
      });
    }
  });
});
