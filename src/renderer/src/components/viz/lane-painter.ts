import { THREAD_STATES } from '../../../../shared/vocabulary';
import type { LaneRecorder } from '../../../../shared/lanes';
import { formatSecondsOnSpan } from '../../lib/format';
import { DRAWN_STATES, holderColour, holderText, niceStep, type DrawnState, type LanePattern } from './lane-style';

/**
 * Paints a LaneRecorder on a 2D canvas context: one lane per worker, under the GIL a lane of who
 * holds it, and a time axis. Everything it needs comes in as arguments (the scene, the look read
 * from the theme), so it paints the same on the page and on a test's canvas. It draws in CSS
 * pixels; the caller sizes the canvas and sets the device-pixel transform. Over 300 lines as one
 * module: the lanes, the GIL lane, the axis and the state patterns all follow its one layout.
 */

export interface TimeWindow {
  start: number;
  end: number;
}

/** What to paint: a time window of a recorder onto a plot of the given size (CSS px). */
export interface LaneScene {
  recorder: LaneRecorder;
  /** ms since the run's t0: where open segments end. */
  nowMs: number;
  view: TimeWindow;
  width: number;
  height: number;
  gil: boolean;
  /** Where the scrub cursor stands, or null for none (while the run goes). */
  cursorMs: number | null;
}

/** Colours and type, all read from the theme, and one fill per state in THREAD_STATES order. */
export interface LaneLook {
  fonts: string;
  fontPx: number;
  text: string;
  muted: string;
  barBg: string;
  border: string;
  cursor: string;
  bg: string;
  fills: readonly (string | CanvasPattern)[];
}

/** The parts of a 2D context the painter uses. */
export type LaneContext = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'clearRect'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'rect'
  | 'moveTo'
  | 'lineTo'
  | 'fill'
  | 'stroke'
  | 'fillText'
  | 'measureText'
>;

const IDLE = THREAD_STATES.indexOf('idle');
const STATE_INDEX = new Map(THREAD_STATES.map((state, i) => [state, i]));
/** Per-state rectangles of one lane as x, width pairs; reused across paints, which run every frame. */
const rectsByState: number[][] = THREAD_STATES.map(() => []);

/** Where the rows and the time axis fall on the plot. */
function layout(scene: LaneScene) {
  const lanes = scene.recorder.workers;
  const rows = lanes + (scene.gil ? 1 : 0) + 1;
  const rowH = scene.height / rows;
  const pad = Math.max(2, rowH * 0.12);
  const { start: v0, end: v1 } = scene.view;
  const scale = scene.width / Math.max(1e-9, v1 - v0);
  return { lanes, rowH, pad, v0, v1, scale, axisY: (rows - 1) * rowH, xOf: (t: number): number => (t - v0) * scale };
}

/**
 * The column a live paint restarts from, when the canvas already holds this scene up to
 * `paintedUpTo` ms: one before the column that time fell in, since that column was binned with
 * the open segments cut short at the old now.
 */
export function stripColumn(scene: LaneScene, paintedUpTo: number): number {
  return Math.max(0, Math.floor(layout(scene).xOf(paintedUpTo)) - 1);
}

/**
 * Paints the scene. With `fromColumn` null the whole canvas is repainted; with a column, only
 * the lanes from that column rightwards, over what an earlier paint of the same window left:
 * the strip a live run adds. A strip leaves the axis as it was, and numbers no GIL holds, since
 * it would cut a long hold and number each piece.
 */
export function paintLanes(ctx: LaneContext, scene: LaneScene, look: LaneLook, fromColumn: number | null = null): void {
  const { lanes, rowH, pad, v0, v1, scale, axisY, xOf } = layout(scene);
  const W = scene.width;
  const strip = fromColumn !== null;
  const fromX = fromColumn ?? 0;
  const from = v0 + fromX / scale;
  if (strip) ctx.clearRect(fromX, 0, W - fromX, axisY);
  else ctx.clearRect(0, 0, W, scene.height);

  for (let w = 0; w < lanes; w++) {
    const y = w * rowH + pad;
    const h = rowH - 2 * pad;
    ctx.fillStyle = look.barBg;
    ctx.fillRect(fromX, y, W - fromX, h);
    for (const list of rectsByState) list.length = 0;
    // Segments narrower than a pixel are binned per pixel column, showing the state that filled
    // most of it, so a long run costs one rectangle per column at most.
    let col = -1;
    const acc = THREAD_STATES.map(() => 0);
    const flush = (): void => {
      if (col < 0) return;
      let best = 0;
      for (let k = 1; k < acc.length; k++) if (acc[k]! > acc[best]!) best = k;
      if (best !== IDLE) rectsByState[best]!.push(col, 1);
      acc.fill(0);
      col = -1;
    };
    scene.recorder.eachSegment(w, from, v1, scene.nowMs, (s, e, state) => {
      const k = STATE_INDEX.get(state) ?? IDLE;
      const x0 = xOf(Math.max(s, from));
      const x1 = xOf(Math.min(e, v1));
      if (x1 - x0 >= 1) {
        flush();
        if (k !== IDLE) rectsByState[k]!.push(x0, x1 - x0);
      } else {
        const c = Math.floor(x0);
        if (c !== col) {
          flush();
          col = c;
        }
        acc[k]! += Math.min(e, v1) - Math.max(s, from);
      }
    });
    flush();
    rectsByState.forEach((list, k) => {
      if (k === IDLE || list.length === 0) return;
      ctx.fillStyle = look.fills[k]!;
      ctx.beginPath();
      for (let i = 0; i < list.length; i += 2) ctx.rect(list[i]!, y, list[i + 1]!, h);
      ctx.fill();
    });
  }

  if (scene.gil) {
    const y = lanes * rowH + pad;
    const h = rowH - 2 * pad;
    ctx.fillStyle = look.barBg;
    ctx.fillRect(fromX, y, W - fromX, h);
    ctx.font = `700 ${Math.round(h * 0.62)}px ${look.fonts}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    let lastCol = -1;
    let prevWorker = -1;
    scene.recorder.eachHold(from, v1, scene.nowMs, (s, e, worker) => {
      const x0 = xOf(Math.max(s, from));
      const x1 = xOf(Math.min(e, v1));
      const c = Math.floor(x0);
      if (x1 - x0 < 1 && c === lastCol) return;
      lastCol = c;
      ctx.fillStyle = holderColour(worker);
      ctx.fillRect(x0, y, Math.max(1, x1 - x0), h);
      // A hand-over is a gap in the background colour, visible without telling colours apart;
      // only where holds are wide enough for a gap not to swallow them.
      if (prevWorker !== -1 && prevWorker !== worker && x1 - x0 >= 4) {
        ctx.fillStyle = look.bg;
        ctx.fillRect(x0 - 1, y, 2, h);
      }
      prevWorker = worker;
      const label = String(worker + 1);
      if (!strip && x1 - x0 > ctx.measureText(label).width + 6) {
        ctx.fillStyle = holderText(worker);
        ctx.fillText(label, (x0 + x1) / 2, y + h / 2);
      }
    });
    ctx.strokeStyle = look.text;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, y + 0.5, W - 1, h - 1);
  }
  if (strip) return;

  paintAxis(ctx, scene, look, xOf, axisY);
  if (scene.cursorMs !== null) paintCursor(ctx, look, xOf(scene.cursorMs), W, axisY);
}

function paintAxis(
  ctx: LaneContext,
  scene: LaneScene,
  look: LaneLook,
  xOf: (t: number) => number,
  axisY: number,
): void {
  const W = scene.width;
  const { start: v0, end: v1 } = scene.view;
  ctx.fillStyle = look.muted;
  ctx.strokeStyle = look.border;
  ctx.font = `${Math.round(look.fontPx * 0.85)}px ${look.fonts}`;
  ctx.textBaseline = 'top';
  const span = v1 - v0;
  const tick = niceStep(span / Math.max(1, W / (look.fontPx * 7)));
  for (let t = Math.ceil(v0 / tick) * tick; t <= v1 + 1e-9; t += tick) {
    const x = Math.round(xOf(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, axisY + 4);
    ctx.globalAlpha = 0.35;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.textAlign = x < 20 ? 'left' : x > W - 40 ? 'right' : 'center';
    ctx.fillText(`${formatSecondsOnSpan(t, span * 10)} s`, x, axisY + 6);
  }
}

function paintCursor(ctx: LaneContext, look: LaneLook, x: number, W: number, axisY: number): void {
  if (x < -2 || x > W + 2) return;
  ctx.fillStyle = look.cursor;
  ctx.fillRect(Math.round(x) - 1.5, 0, 3, axisY);
  ctx.beginPath();
  ctx.moveTo(x - 7, 0);
  ctx.lineTo(x + 7, 0);
  ctx.lineTo(x, 9);
  ctx.fill();
}

/**
 * One fill per state in THREAD_STATES order: running solid, the others a pattern of their colour
 * on a tile of `tilePx` CSS pixels, idle transparent (a lane's background shows through).
 */
export function laneFills(
  ctx: Pick<CanvasRenderingContext2D, 'createPattern'>,
  colours: Readonly<Record<DrawnState, string>>,
  tilePx: number,
  dpr: number,
): (string | CanvasPattern)[] {
  return THREAD_STATES.map((state) => {
    const look = DRAWN_STATES.find((d) => d.state === state);
    if (!look) return 'transparent';
    const colour = colours[look.state];
    return look.pattern === 'solid' ? colour : patternFill(ctx, look.pattern, colour, tilePx, dpr);
  });
}

function patternFill(
  ctx: Pick<CanvasRenderingContext2D, 'createPattern'>,
  kind: Exclude<LanePattern, 'solid'>,
  colour: string,
  px: number,
  dpr: number,
): string | CanvasPattern {
  const tile = document.createElement('canvas');
  const s = Math.max(4, Math.round(px * dpr));
  tile.width = s;
  tile.height = s;
  const t = tile.getContext('2d');
  if (!t) return colour;
  t.fillStyle = colour;
  t.globalAlpha = 0.28;
  t.fillRect(0, 0, s, s);
  t.globalAlpha = 1;
  t.strokeStyle = colour;
  t.lineWidth = Math.max(1.5, s / 5);
  const diag = (a: boolean): void => {
    t.beginPath();
    for (const o of [-s, 0, s]) {
      if (a) {
        t.moveTo(o, s);
        t.lineTo(o + s, 0);
      } else {
        t.moveTo(o, 0);
        t.lineTo(o + s, s);
      }
    }
    t.stroke();
  };
  if (kind === 'stripes') diag(true);
  else if (kind === 'lines') {
    t.beginPath();
    t.moveTo(0, s / 2);
    t.lineTo(s, s / 2);
    t.stroke();
  } else if (kind === 'cross') {
    t.lineWidth = Math.max(1, s / 8);
    diag(true);
    diag(false);
  } else {
    t.beginPath();
    t.arc(s / 2, s / 2, s / 4.5, 0, 2 * Math.PI);
    t.fill();
  }
  const pattern = ctx.createPattern(tile, 'repeat');
  if (!pattern) return colour;
  // The tile is drawn in device pixels; undo the context's dpr scale so it stays crisp.
  if (typeof DOMMatrix !== 'undefined' && pattern.setTransform) {
    pattern.setTransform(new DOMMatrix([1 / dpr, 0, 0, 1 / dpr, 0, 0]));
  }
  return pattern;
}
