import { MODE_TRAITS } from '../../../../shared/modes';
import { completed } from '../../lessons/assess';
import { fmt, ratio, type LessonGo, type LessonView, type StepResult } from '../../lessons/lesson';
import { formatTimes } from '../../lib/format';
import type { BarSeries } from '../viz/bar-chart';
import type { ResultGo } from '../viz/ResultsChart.vue';

/**
 * Each lesson's own figure for a run of a go, as its table, its goes side by side and its chart
 * show it: wall time and speedup, updates lost, loops per second. Only completed runs give one:
 * a stopped run has no figure, in any of them.
 */

/** A go as a series: the go, its name by what it changed, and its number. */
export interface NamedGo {
  go: LessonGo;
  name: string;
  tag: string;
}

/** The go's runs that completed: the only ones charted, compared or given a figure. */
export function completedResults(go: LessonGo) {
  return go.results.filter(completed);
}

/** The run the go's speedups are measured against: its first planned run, as the lesson lists them. */
function baseKey(go: LessonGo): string {
  return go.results[0]?.run.key ?? '';
}

/** How many times faster a run was than the go's first, both completed; null otherwise. */
export function speedupOf(go: LessonGo, result: StepResult): number | null {
  if (result.run.compared === false) return null;
  return ratio(completedResults(go), baseKey(go), result.run.key);
}

const counterOf = (r: StepResult) => r.measurement?.runs.at(-1)?.counter ?? null;
const loopsOf = (r: StepResult) => r.measurement?.runs.at(-1)?.ioLoop?.loopsPerSecond ?? null;

/** Share of a counter's updates lost, in %; null where each worker added to its own copy. */
function lostShare(r: StepResult): number | null {
  const c = counterOf(r);
  return c && c.returned === undefined && c.expected > 0 ? (100 * c.lost) / c.expected : null;
}

/** A run's figure in words for a cell of the goes side by side: what the lesson is about. */
export function stepFigure(view: LessonView, go: LessonGo, r: StepResult): string {
  if (!completed(r)) return r.error ? 'failed; no result' : `${r.measurement?.outcome ?? 'stopped'}; no result`;
  const m = r.measurement;
  if (view === 'counter') {
    const c = counterOf(r);
    if (!c) return '—';
    if (c.returned !== undefined) return `own copies; ${c.returned.toLocaleString('en')} sent back`;
    return c.lost === 0 ? 'none lost' : `${fmt(lostShare(r), 1)}% lost`;
  }
  if (view === 'convoy') return `${fmt(loopsOf(r), 0)} loops/s`;
  const speedup = speedupOf(go, r);
  const wall = `${fmt(m.wallMs.median / 1000, 3)} s`;
  return speedup === null ? wall : `${wall}, ${formatTimes(speedup)}`;
}

/** The goes of a lesson that races modes, for the results chart: a series per go, bars by mode. */
export function modeGoes(goes: readonly NamedGo[]): ResultGo[] {
  return goes.map(({ go, name, tag }) => ({
    name,
    tag,
    rows: completedResults(go)
      .filter((r) => r.run.compared !== false)
      .map((r) => ({
        label: r.run.label,
        wallMs: { median: r.measurement.wallMs.median, min: r.measurement.wallMs.min, max: r.measurement.wallMs.max },
        speedup: speedupOf(go, r),
      })),
  }));
}

/** What GroupedBarChart takes for a lesson's own figure, a series per go. */
export interface BarChartSpec {
  caption: string;
  categories: string[];
  series: BarSeries[];
  valueLabel: string;
  valueTick: (value: number) => string;
  valueAtLeast: number;
  plotLabel: string;
}

/** Bars of one figure per run, by run label, for every go; runs without the figure have no bar. */
function barsByRun(
  goes: readonly NamedGo[],
  value: (r: StepResult) => number | null,
  text: (value: number, r: StepResult, go: LessonGo) => string,
): { categories: string[]; series: BarSeries[] } {
  const charted = goes.map((g) => completedResults(g.go).filter((r) => value(r) !== null));
  const categories = [...new Set(charted.flat().map((r) => r.run.label))];
  const series = goes.map((g, i) => ({
    name: g.name,
    tag: g.tag,
    bars: categories.map((label) => {
      const r = charted[i]!.find((x) => x.run.label === label);
      const v = r ? value(r) : null;
      return r && v !== null ? { value: v, text: text(v, r, g.go) } : null;
    }),
  }));
  return { categories, series };
}

const spoken = (spec: { categories: string[]; series: BarSeries[] }, several: boolean): string =>
  spec.series
    .flatMap((s) => s.bars.map((b, i) => (b ? `${several ? `${s.name}, ` : ''}${spec.categories[i]} ${b.text}` : null)))
    .filter((x): x is string => x !== null)
    .join('; ');

/** The counter race: the share of updates lost by each way of adding, per go. */
export function counterChart(goes: readonly NamedGo[]): BarChartSpec {
  const spec = barsByRun(goes, lostShare, (v) => (v === 0 ? 'none' : `${fmt(v, 1)}%`));
  return {
    ...spec,
    caption:
      'Updates lost, as a share of all the updates made (bars, %). Processes adding to copies of their own share no counter, so they have no bar; the table says what they sent back.',
    valueLabel: 'Updates lost (%)',
    valueTick: (v) => `${v}%`,
    valueAtLeast: 100,
    plotLabel: `Chart of the table that follows: ${spoken(spec, goes.length > 1)}`,
  };
}

/** The convoy: the I/O loop's rate alone and beside each number of CPU-bound threads, per go. */
export function convoyChart(goes: readonly NamedGo[]): BarChartSpec {
  const spec = barsByRun(goes, loopsOf, (v, _r, go) => {
    // The lesson's first run is the loop alone.
    const first = go.results[0];
    const alone = first && completed(first) ? loopsOf(first) : null;
    const share = alone ? ` (${fmt((100 * v) / alone, 0)}%)` : '';
    return `${fmt(v, 0)}/s${share}`;
  });
  return {
    ...spec,
    caption:
      "The I/O loop's rate (bars, loops per second), alone and beside CPU-bound threads; in brackets, its share of its rate alone in the same go.",
    valueLabel: 'I/O loops per second',
    valueTick: (v) => (v >= 1000 ? `${v / 1000}k` : String(v)),
    valueAtLeast: 0,
    plotLabel: `Chart of the table that follows: ${spoken(spec, goes.length > 1)}`,
  };
}

/**
 * The GIL switches column of a run: counted where threads share one GIL or one thread holds its
 * own; a dash and why where there is none (free threads) or one per interpreter that no other
 * thread takes (sub-interpreters). Processes report none: their GILs are in other processes.
 */
export function gilSwitches(result: StepResult): string {
  const { gil, osProcesses } = MODE_TRAITS[result.run.mode];
  if (gil === 'none') return '— (no GIL)';
  if (gil === 'per-worker' && !osProcesses) return '— (a GIL each)';
  return String(result.measurement?.runs.at(-1)?.gil?.switches ?? '—');
}
