import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

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

export function readTheme(el: Element): ChartTheme {
  const style = getComputedStyle(el);
  const get = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const family = style.fontFamily || 'system-ui, sans-serif';
  return {
    text: get('--text', '#f2f4f7'),
    muted: get('--muted', '#a9b4c2'),
    grid: get('--tile-border', '#2c3644'),
    accent: get('--accent', '#5ab0ff'),
    bg: get('--bg', '#0f1419'),
    rem,
    font: (scale = 0.85, weight = 400) => `${weight} ${Math.round(rem * scale)}px ${family}`,
  };
}

/** A theme colour with transparency, for canvas fills (#rgb and #rrggbb; anything else as is). */
export function withAlpha(colour: string, alpha: number): string {
  let hex = colour.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = [...hex].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const n = parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Splits a label over lines of about `width` characters, at most `maxLines`, for a category axis. */
export function wrapLabel(label: string, width: number, maxLines = Infinity): string {
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

/** The house style of a labelled value axis, scaled with the root font size. */
export function valueAxis(t: ChartTheme, label: string, size: number): uPlot.Axis {
  return {
    label,
    labelFont: t.font(0.85, 700),
    labelSize: t.rem * 1.4,
    stroke: t.text,
    font: t.font(0.8),
    size,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid },
  };
}

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
 */
export function useUplot(
  container: Ref<HTMLElement | null>,
  options: (theme: ChartTheme, size: { width: number; height: number }) => uPlot.Options,
  data: () => uPlot.AlignedData,
  heightRem = 16,
) {
  const chart = shallowRef<uPlot | null>(null);
  const failed = ref(false);
  let resize: ResizeObserver | null = null;
  let themeWatch: MutationObserver | null = null;
  let scheme: MediaQueryList | null = null;

  function size(el: HTMLElement, theme: ChartTheme): { width: number; height: number } {
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
      chart.value = new uPlot(options(theme, size(el, theme)), data(), el);
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
