import { holderColour, holderText } from './lane-style';

/**
 * Grouped bars: one group per category (a mode, a counter variant, a convoy case), one bar per
 * series in each (a go of the lesson). Pure geometry and data, so GroupedBarChart only draws.
 */

/** One bar: its height, its spread if it has one, and the words written over it. */
export interface Bar {
  value: number;
  /** Fastest and slowest of its repeats, drawn as a whisker. */
  low?: number;
  high?: number;
  text: string;
  /** A second figure on its own axis, drawn as a diamond beside a lone series' bar, or written under its text. */
  marker?: { value: number; text: string } | null;
}

/** One series: a go, named for the legend, tagged with its number on every bar. */
export interface BarSeries {
  name: string;
  tag: string;
  /** One per category; null where the series has no figure for it (not run, or stopped). */
  bars: (Bar | null)[];
}

/** How the bars of one series sit in a group `groupPx` wide: their width and where each series goes. */
export function barSlots(groupPx: number, series: number): { width: number; offset: (s: number) => number } {
  if (series <= 1) return { width: 0.45 * groupPx, offset: () => 0 };
  const slot = (0.84 * groupPx) / series;
  return { width: 0.82 * slot, offset: (s) => (s - (series - 1) / 2) * slot };
}

/** The value axis: from 0 to the largest bar or whisker (or `atLeast`), with room for the labels. */
export function valueTop(series: readonly BarSeries[], atLeast = 0, headroom = 1.2): number {
  let top = atLeast;
  for (const s of series) for (const b of s.bars) if (b) top = Math.max(top, b.value, b.high ?? 0);
  return (top > 0 ? top : 1) * headroom;
}

/** The marker axis: from 0 to the largest marker, and at least 1. */
export function markerTop(series: readonly BarSeries[], headroom = 1.25): number {
  let top = 1;
  for (const s of series)
    for (const b of s.bars) if (b?.marker && Number.isFinite(b.marker.value)) top = Math.max(top, b.marker.value);
  return top * headroom;
}

/** Each series' colour, from the Okabe–Ito set, which stays distinct for the common colour blindnesses. */
export function seriesColour(index: number): string {
  return holderColour(index + 1);
}

/** Text that reads on a series' colour. */
export function seriesText(index: number): string {
  return holderText(index + 1);
}
