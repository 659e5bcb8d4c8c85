import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderColour } from '../../src/renderer/src/components/viz/lane-style';
import { launchChromium } from '../e2e/app';
import type * as LanePage from './lane-page';
import type { PageEvent, PaintRequest } from './lane-page';

/**
 * The lanes' painter on a real canvas: lane-page.ts is bundled into a blank Chromium page, paints
 * there, and the pixels come back to be read.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

const COLOURS = { running: '#009e73', 'waiting-gil': '#d55e00', io: '#56b4e9', native: '#cc79a7', ready: '#8c8c8c' };
const CHROME = {
  text: '#f2f4f7',
  muted: '#a9b4c2',
  barBg: '#0b0f14',
  // The time axis's grid lines cross the lanes; these tests read the lanes, so the lines are
  // left invisible.
  border: 'transparent',
  cursor: '#ffcc00',
  bg: '#0f1419',
};

let browser: Browser;
let page: Page;

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    root: HERE,
    publicDir: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(HERE, 'lane-page.ts'), name: 'LanePage', formats: ['iife'], fileName: 'lane-page' },
    },
  });
  const [first] = Array.isArray(out) ? out : [out];
  if (!first || !('output' in first)) throw new Error('vite returned no bundle');
  return first.output[0].code;
}

beforeAll(async () => {
  const code = await bundle();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>lanes</title>');
  await page.addScriptTag({ content: code });
});

afterAll(async () => {
  await browser?.close();
});

/** The painted canvas, read by device pixel. */
class Pixels {
  constructor(
    private readonly data: Buffer,
    readonly width: number,
    readonly height: number,
  ) {}

  at(x: number, y: number): [number, number, number, number] {
    const i = (Math.floor(y) * this.width + Math.floor(x)) * 4;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!, this.data[i + 3]!];
  }

  /** Every pixel of columns [x0, x1) on row y. */
  row(y: number, x0: number, x1: number): [number, number, number, number][] {
    return Array.from({ length: x1 - x0 }, (_, i) => this.at(x0 + i, y));
  }

  equals(other: Pixels): boolean {
    return this.data.equals(other.data);
  }
}

type Request = Partial<PaintRequest> & Pick<PaintRequest, 'events' | 'view' | 'nowMs'>;

async function paint(request: Request): Promise<Pixels> {
  const req: PaintRequest = {
    width: 400,
    height: 120,
    dpr: 1,
    workers: 1,
    gil: false,
    finishAt: null,
    cursorMs: null,
    chrome: CHROME,
    colours: COLOURS,
    ...request,
  };
  const base64 = await page.evaluate(
    (r) => (window as unknown as { LanePage: typeof LanePage }).LanePage.paint(r),
    req,
  );
  return new Pixels(Buffer.from(base64, 'base64'), Math.round(req.width * req.dpr), Math.round(req.height * req.dpr));
}

const opaque = (c: Rgb): [number, number, number, number] => [...c, 255];
const distance = (p: readonly number[], c: Rgb): number => Math.max(...c.map((v, i) => Math.abs(v - p[i]!)));

describe('the lane painter on a real canvas', () => {
  it.each([1, 2])(
    'paints running solid on the left and waiting for the GIL as a pattern on the right (dpr %i)',
    async (dpr) => {
      const px = await paint({
        dpr,
        events: [
          [0, 'running', 0],
          [0, 'waiting-gil', 100],
        ],
        finishAt: 200,
        view: { start: 0, end: 200 },
        nowMs: 200,
      });
      // One lane and the axis: two rows of 60 px, the lane's bar in the middle of the first.
      const y = 30 * dpr;
      const half = 200 * dpr;
      for (const p of px.row(y, 0, half - 1)) expect(p).toEqual(opaque(rgb(COLOURS.running)));
      for (const yy of [15 * dpr, 45 * dpr]) expect(px.at(half / 2, yy)).toEqual(opaque(rgb(COLOURS.running)));

      const right = [15, 30, 45].flatMap((yy) => px.row(yy * dpr, half + 1, 400 * dpr));
      const waiting = rgb(COLOURS['waiting-gil']);
      const barBg = rgb(CHROME.barBg);
      // The pattern's ground: the state's colour at 28% over the lane's background.
      const ground = waiting.map((c, i) => Math.round(0.28 * c + 0.72 * barBg[i]!)) as Rgb;
      expect(right.every((p) => distance(p, rgb(COLOURS.running)) > 60)).toBe(true);
      expect(right.some((p) => distance(p, waiting) <= 8)).toBe(true);
      expect(right.some((p) => distance(p, ground) <= 8)).toBe(true);
      // Stripes, not a flat tint: the stripe's colour comes back every tile along the row.
      const stripeColumns = px
        .row(y, half + 1, 400 * dpr)
        .map((p, i) => (distance(p, waiting) <= 8 ? i : -1))
        .filter((i) => i >= 0);
      expect(stripeColumns.length).toBeGreaterThan(10);
      expect(stripeColumns.length).toBeLessThan(0.8 * (200 * dpr - 1));
    },
  );

  it('gives each pixel column the state that filled most of it when segments are narrower than a pixel', async () => {
    // 1 ms per pixel; every millisecond is 0.7 ms running and 0.3 ms in I/O.
    const events: PageEvent[] = [];
    for (let t = 0; t < 400; t++) events.push([0, 'running', t], [0, 'io', t + 0.7]);
    const px = await paint({ events, finishAt: 400, view: { start: 0, end: 400 }, nowMs: 400 });
    const lane = px.row(30, 1, 399);
    expect(lane.filter((p) => distance(p, rgb(COLOURS.running)) === 0).length).toBe(lane.length);
  });

  it('paints the same pixels adding a live strip from the last painted column as repainting the whole canvas', async () => {
    // Two threads hand the GIL over every 25 ms (10 px on this canvas) inside a live run's window.
    // The last paint before the strip was 16 ms into a hold: a hand-over under 4 px before it
    // would have had no gap drawn yet, and a strip draws none at its own left edge.
    const events: PageEvent[] = [];
    for (let i = 0; i < 32; i++) events.push([i % 2, 'running', i * 25], [(i + 1) % 2, 'waiting-gil', i * 25]);
    events.push([0, 'io', 433.5], [1, 'native', 612.25]);
    events.sort((a, b) => a[2] - b[2]);
    // A height that puts the GIL lane's outline on whole pixels: every strip strokes it again.
    const run = { height: 100, workers: 2, gil: true, events, view: { start: 0, end: 1000 }, nowMs: 801 };
    const whole = await paint(run);
    const live = await paint({ ...run, liveFrom: 466 });
    const before = await paint({ ...run, nowMs: 466, events: events.filter((e) => e[2] <= 466) });
    // The strip did add something: the lanes past the first paint's now are painted now.
    expect(before.at(300, 12)).toEqual(opaque(rgb(CHROME.barBg)));
    expect(whole.at(300, 12)).not.toEqual(opaque(rgb(CHROME.barBg)));
    expect(live.equals(whole)).toBe(true);
  });

  it('bins a live strip of segments narrower than a pixel as a whole paint does', async () => {
    const events: PageEvent[] = [];
    for (let t = 0; t < 800; t += 1) events.push([0, 'running', t], [0, t % 7 < 3 ? 'io' : 'native', t + 0.55]);
    const run = { events, view: { start: 0, end: 1000 }, nowMs: 800 };
    const whole = await paint(run);
    for (const liveFrom of [300, 433.2, 517.6]) {
      const live = await paint({ ...run, liveFrom });
      expect(live.equals(whole)).toBe(true);
    }
    // At 0.4 px/ms the last paint's now, 466 ms, falls in column 186, and I/O began in column
    // 185, under a pixel before: then binned with native code into that column, now wide enough
    // for a rectangle of its own. The strip starts a column early to paint that column again.
    const late = {
      events: [
        [0, 'running', 0],
        [0, 'native', 462.5],
        [0, 'io', 464.5],
      ] as PageEvent[],
      view: run.view,
      nowMs: 800,
    };
    expect((await paint({ ...late, liveFrom: 466 })).equals(await paint(late))).toBe(true);
  });

  it('paints the GIL holder lane in each holder’s colour, with a gap at the hand-over and its number', async () => {
    const px = await paint({
      workers: 2,
      gil: true,
      events: [
        [0, 'running', 0],
        [1, 'waiting-gil', 0],
        [0, 'waiting-gil', 100],
        [1, 'running', 100],
      ],
      finishAt: 200,
      view: { start: 0, end: 200 },
      nowMs: 200,
    });
    // Two lanes, the GIL lane and the axis: rows of 30 px; the GIL lane's middle is at 75.
    expect(px.at(40, 75)).toEqual(opaque(rgb(holderColour(0))));
    expect(px.at(160, 80)).toEqual(opaque(rgb(holderColour(0))));
    expect(px.at(240, 75)).toEqual(opaque(rgb(holderColour(1))));
    expect(px.at(360, 70)).toEqual(opaque(rgb(holderColour(1))));
    expect(px.at(199, 75)).toEqual(opaque(rgb(CHROME.bg)));
    expect(px.at(200, 75)).toEqual(opaque(rgb(CHROME.bg)));
    // The holder's number is written in the middle of its hold, in black on these colours.
    const middle = [70, 75, 80].flatMap((y) => px.row(y, 90, 110));
    expect(middle.some((p) => distance(p, [0, 0, 0]) < 60)).toBe(true);
    // Under the GIL lanes, each worker's own lane: thread 1 runs first, thread 2 second.
    expect(px.at(40, 15)).toEqual(opaque(rgb(COLOURS.running)));
    expect(px.at(240, 45)).toEqual(opaque(rgb(COLOURS.running)));
  });

  it('ends a lost worker’s lane where it was lost, while the others carry on', async () => {
    const px = await paint({
      workers: 2,
      events: [
        [0, 'running', 0],
        [1, 'running', 0],
        [0, 'running', 100],
        [1, 'lost', 100],
      ],
      finishAt: 200,
      view: { start: 0, end: 200 },
      nowMs: 200,
    });
    // Two lanes and the axis: rows of 40 px.
    expect(px.at(100, 60)).toEqual(opaque(rgb(COLOURS.running)));
    expect(px.at(196, 60)).toEqual(opaque(rgb(COLOURS.running)));
    for (const p of px.row(60, 201, 400)) expect(p).toEqual(opaque(rgb(CHROME.barBg)));
    for (const p of px.row(20, 0, 400)) expect(p).toEqual(opaque(rgb(COLOURS.running)));
  });

  it('draws the scrub cursor after the run, and none while it goes', async () => {
    const run: Request = { events: [[0, 'running', 0]], finishAt: 200, view: { start: 0, end: 200 }, nowMs: 200 };
    const after = await paint({ ...run, cursorMs: 50 });
    const during = await paint({ ...run, cursorMs: null });
    for (const x of [99, 100]) {
      expect(after.at(x, 30)).toEqual(opaque(rgb(CHROME.cursor)));
      expect(during.at(x, 30)).toEqual(opaque(rgb(COLOURS.running)));
    }
    expect(after.at(120, 30)).toEqual(opaque(rgb(COLOURS.running)));
  });

  it.each([1, 2])(
    'paints waiting for a core as level lines of its colour: the same all along a row, changing down a column (dpr %i)',
    async (dpr) => {
      const px = await paint({
        dpr,
        events: [[0, 'ready', 0]],
        finishAt: 200,
        view: { start: 0, end: 200 },
        nowMs: 200,
      });
      const ready = rgb(COLOURS.ready);
      const barBg = rgb(CHROME.barBg);
      const ground = ready.map((c, i) => Math.round(0.28 * c + 0.72 * barBg[i]!)) as Rgb;
      // The lane's bar, inside its padding: one lane and the axis, two rows of 60 px.
      const column = Array.from({ length: 40 * dpr }, (_, k) => px.at(100 * dpr, (10 + k / dpr) * dpr));
      const lineRows = column.map((p, k) => (distance(p, ready) <= 8 ? k : -1)).filter((k) => k >= 0);
      const groundRows = column.map((p, k) => (distance(p, ground) <= 8 ? k : -1)).filter((k) => k >= 0);
      // Down a column: lines and ground take turns, more than once.
      expect(lineRows.length).toBeGreaterThan(0);
      expect(groundRows.length).toBeGreaterThan(0);
      const turns = column.slice(1).filter((p, k) => distance(p, ready) <= 8 !== distance(column[k]!, ready) <= 8);
      expect(turns.length).toBeGreaterThanOrEqual(4);
      // Along a row through a line, and through the ground: the same pixel the whole way.
      for (const k of [lineRows[0]!, groundRows[0]!]) {
        const y = 10 * dpr + k;
        const row = px.row(y, 0, 199 * dpr);
        expect(row.every((p) => p.join() === row[0]!.join())).toBe(true);
      }
      // Not the GIL's stripes, which change along a row too.
      const stripes = await paint({
        dpr,
        events: [[0, 'waiting-gil', 0]],
        finishAt: 200,
        view: { start: 0, end: 200 },
        nowMs: 200,
      });
      const stripeRow = stripes.row(30 * dpr, 0, 199 * dpr);
      expect(stripeRow.some((p) => p.join() !== stripeRow[0]!.join())).toBe(true);
    },
  );
});
