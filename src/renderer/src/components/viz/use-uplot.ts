import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { readThemeColours, readThemeFont } from '../../lib/theme';
import type { ChartTheme } from './chart-parts';

/** The custom properties in theme.css that a chart's colours come from. */
const CHART_COLOURS = {
  text: '--text',
  muted: '--muted',
  grid: '--tile-border',
  accent: '--accent',
  bg: '--bg',
} as const;

/** The chart's colours and type, as the theme in force around `el` sets them. */
export function readTheme(el: Element): ChartTheme {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const { family } = readThemeFont(el);
  return {
    ...readThemeColours(el, CHART_COLOURS),
    rem,
    font: (scale = 0.85, weight = 400) => `${weight} ${Math.round(rem * scale)}px ${family}`,
  };
}

export interface ChartSize {
  width: number;
  height: number;
}

/** A chart's own uPlot options; its size, and the lack of cursor and legend, come from useUplot. */
export type ChartOptions = Omit<uPlot.Options, keyof ChartSize>;

let canvasWorks: boolean | null = null;
/** uPlot draws on a 2D canvas; test DOMs (happy-dom) have none, and there the chart is skipped. */
function canvasAvailable(): boolean {
  if (canvasWorks === null) {
    try {
      canvasWorks = document.createElement('canvas').getContext('2d') !== null;
    } catch {
      canvasWorks = false;
    }
  }
  return canvasWorks;
}

/**
 * Owns one uPlot instance in `container`: created on mount, sized to the container and kept so
 * by a ResizeObserver, rebuilt when the theme or projector mode changes (colours and fonts are
 * baked into uPlot's options), and destroyed on unmount. New data goes through setData, so a
 * live series never recreates the chart. `failed` is true where no chart could be drawn; the
 * components keep their tables either way.
 *
 * Every figure is written on the chart and in its table, so no chart has a hover cursor or
 * uPlot's legend; `options` gives the rest.
 */
export function useUplot(
  container: Ref<HTMLElement | null>,
  options: (theme: ChartTheme, size: ChartSize) => ChartOptions,
  data: () => uPlot.AlignedData,
  heightRem = 16,
) {
  const chart = shallowRef<uPlot | null>(null);
  const failed = ref(false);
  let resize: ResizeObserver | null = null;
  let themeWatch: MutationObserver | null = null;
  let scheme: MediaQueryList | null = null;

  function size(el: HTMLElement, theme: ChartTheme): ChartSize {
    const width = Math.max(200, el.clientWidth || 600);
    const height = Math.round(Math.min(heightRem * theme.rem, Math.max(240, window.innerHeight * 0.5)));
    return { width, height };
  }

  function destroy(): void {
    chart.value?.destroy();
    chart.value = null;
  }

  function create(): void {
    destroy();
    const el = container.value;
    if (!el) return;
    if (!canvasAvailable()) {
      failed.value = true;
      return;
    }
    try {
      const theme = readTheme(el);
      const box = size(el, theme);
      chart.value = new uPlot(
        { ...box, cursor: { show: false }, legend: { show: false }, ...options(theme, box) },
        data(),
        el,
      );
      failed.value = false;
    } catch (e) {
      console.error('chart could not be drawn', e);
      failed.value = true;
    }
  }

  function update(): void {
    chart.value?.setData(data());
  }

  onMounted(() => {
    create();
    const el = container.value;
    if (el && typeof ResizeObserver !== 'undefined') {
      resize = new ResizeObserver(() => {
        if (chart.value && container.value) chart.value.setSize(size(container.value, readTheme(container.value)));
      });
      resize.observe(el);
    }
    if (typeof MutationObserver !== 'undefined') {
      themeWatch = new MutationObserver(create);
      themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });
    }
    scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: light)') : null;
    scheme?.addEventListener?.('change', create);
  });

  onBeforeUnmount(() => {
    resize?.disconnect();
    themeWatch?.disconnect();
    scheme?.removeEventListener?.('change', create);
    destroy();
  });

  return { chart, failed, update, recreate: create };
}
