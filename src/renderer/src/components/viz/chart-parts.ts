import type uPlot from 'uplot';

/**
 * The drawing rules every chart of the lab shares: its axes, its whiskers, its labels and the
 * fonts of text drawn on the canvas. Pure functions of the theme, so each rule is written once
 * and can be checked without a canvas.
 */

/** What a chart takes from the page's theme: colours from theme.css and the root font size. */
export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  bg: string;
  /** Root font size in px: 16 normally, larger in projector mode. Charts scale with it. */
  rem: number;
  font: (scale?: number, weight?: number) => string;
}

/** A row of the table under a chart: its name, then each of its figures as the chart writes it. */
export interface FigureRow {
  name: string;
  cells: string[];
}

/** A theme colour with transparency, for canvas fills (#rgb and #rrggbb; anything else as is). */
export function withAlpha(colour: string, alpha: number): string {
  let hex = colour.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = [...hex].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** The theme's font for text drawn straight onto the canvas, whose pixels are device pixels. */
export function canvasFont(t: ChartTheme, scale: number, weight: number, dpr: number): string {
  return t.font(scale, weight).replace(/(\d+)px/, (_, px: string) => `${Math.round(Number(px) * dpr)}px`);
}

/** Splits a label over lines of about `width` characters, at most `maxLines`. */
function wrapLabel(label: string, width: number, maxLines = Infinity): string {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.slice(0, maxLines).join('\n');
}

/**
 * How many characters of a category label fit under one group: the plot's `plotPx` shared by
 * `groups`, in characters `charPx` wide; never fewer than 6, so a word still fits.
 */
function labelChars(plotPx: number, groups: number, charPx: number): number {
  return Math.max(6, Math.floor(plotPx / Math.max(1, groups) / charPx));
}

/** A min–max whisker: a vertical line from y0 to y1 with a cap of half-width `cap` at each end. */
export function drawWhisker(ctx: CanvasRenderingContext2D, x: number, y0: number, y1: number, cap: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y0);
  ctx.lineTo(x, y1);
  ctx.moveTo(x - cap, y0);
  ctx.lineTo(x + cap, y0);
  ctx.moveTo(x - cap, y1);
  ctx.lineTo(x + cap, y1);
  ctx.stroke();
}

/**
 * Type sizes of a value axis, in rem: its label, the label's band and the tick values. Compact
 * is for a chart that sits among other figures, as a saved run's trace does.
 */
const AXIS_TYPE = {
  regular: { label: 0.85, band: 1.4, values: 0.8 },
  compact: { label: 0.8, band: 1.3, values: 0.75 },
} as const;

/** The house style of a labelled value axis, scaled with the root font size. */
export function valueAxis(
  t: ChartTheme,
  label: string,
  size: number,
  type: keyof typeof AXIS_TYPE = 'regular',
): uPlot.Axis {
  const sizes = AXIS_TYPE[type];
  return {
    label,
    labelFont: t.font(sizes.label, 700),
    labelSize: t.rem * sizes.band,
    stroke: t.text,
    font: t.font(sizes.values),
    size,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid },
  };
}

/** How a category axis sets its labels: type size and character width in rem, and lines at most. */
export interface CategoryText {
  font: number;
  charWidth: number;
  maxLines?: number;
}

/**
 * The axis under grouped bars: one label under each group, wrapped to the width a group gets
 * on a plot `plotPx` wide, so labels never run into each other; no grid and no ticks, and tall
 * enough for the label with the most lines. `labels` is read again at every draw, so groups
 * that arrive after the chart was made are labelled too.
 */
export function categoryAxis(t: ChartTheme, plotPx: number, text: CategoryText, labels: () => string[]): uPlot.Axis {
  const chars = labelChars(plotPx, labels().length, text.charWidth * t.rem);
  const wrapped = (): string[] => labels().map((label) => wrapLabel(label, chars, text.maxLines));
  const lines = Math.max(1, ...wrapped().map((label) => label.split('\n').length));
  return {
    stroke: t.text,
    font: t.font(text.font, 600),
    grid: { show: false },
    ticks: { show: false },
    size: (lines + 0.8) * t.rem * 1.05,
    splits: () => labels().map((_, i) => i),
    values: (_u, splits) => {
      const shown = wrapped();
      return splits.map((i) => shown[i] ?? '');
    },
  };
}
