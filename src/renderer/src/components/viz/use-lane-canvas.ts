import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import type { LaneRecorder } from '../../../../shared/lanes';
import { readThemeColours, readThemeFont } from '../../lib/theme';
import { laneFills, paintLanes, stripColumn, type LaneLook, type LaneScene } from './lane-painter';
import { DRAWN_STATES, type DrawnState } from './lane-style';

/** The theme's custom properties behind the lanes' outlines, axis and cursor. */
const CHROME_COLOURS = {
  text: '--text',
  muted: '--muted',
  barBg: '--bar-bg',
  border: '--tile-border',
  cursor: '--focus',
  bg: '--bg',
} as const;

const STATE_COLOURS = Object.fromEntries(DRAWN_STATES.map((d) => [d.state, d.colour])) as Record<DrawnState, string>;

function readLook(plot: Element, ctx: CanvasRenderingContext2D, dpr: number): LaneLook {
  const font = readThemeFont(plot);
  const tile = Math.max(6, Math.round(font.px * 0.55));
  return {
    fonts: font.family,
    fontPx: font.px,
    ...readThemeColours(plot, CHROME_COLOURS),
    fills: laneFills(ctx, readThemeColours(plot, STATE_COLOURS), tile, dpr),
  };
}

export interface LaneCanvasSource {
  plotEl: Readonly<Ref<HTMLElement | null>>;
  canvasEl: Readonly<Ref<HTMLCanvasElement | null>>;
  /** What to paint now; the plot element gives the size. */
  scene: () => Omit<LaneScene, 'width' | 'height'>;
  /** While a run goes, a paint may add to the last one instead of starting over. */
  live: () => boolean;
}

/**
 * Keeps the lanes' canvas painted: at most once per animation frame however often `schedule` is
 * called, so a run streaming thousands of state changes costs one paint per frame; sized to the
 * plot in device pixels; repainted whole when the size, theme or colour scheme changes.
 */
export function useLaneCanvas(source: LaneCanvasSource): { schedule: () => void } {
  let look: (LaneLook & { dpr: number }) | null = null;
  /** What the canvas holds, so a live paint can add to it instead of starting over. */
  let painted: { recorder: LaneRecorder; key: string; upTo: number } | null = null;
  let frame = 0;

  function draw(): void {
    const canvas = source.canvasEl.value;
    const plot = source.plotEl.value;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !plot || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    if (!look || look.dpr !== dpr) {
      look = { ...readLook(plot, ctx, dpr), dpr };
      painted = null;
    }
    const width = plot.clientWidth;
    const height = plot.clientHeight;
    if (width <= 0 || height <= 0) return;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
      painted = null;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    const scene: LaneScene = { ...source.scene(), width, height };
    const live = source.live();
    // A live paint with the same recorder, window, size and lanes adds the strip from the last
    // painted column on; anything else repaints the whole canvas.
    const key = `${scene.view.start}:${scene.view.end}:${width}x${height}:${scene.recorder.workers}:${scene.gil}:${live}`;
    const strip = live && painted?.recorder === scene.recorder && painted.key === key;
    paintLanes(ctx, scene, look, strip ? stripColumn(scene, painted!.upTo) : null);
    painted = { recorder: scene.recorder, key, upTo: scene.nowMs };
  }

  /**
   * Repaints happen in the next animation frame. While a run streams, the owner bumps its
   * version and now on one ticker (ten times a second), so a live repaint lands in the frame
   * that ticker's other changes already cost.
   */
  function schedule(): void {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  }

  const restyle = (): void => {
    look = null;
    painted = null;
    schedule();
  };
  let resizeObserver: ResizeObserver | null = null;
  let themeObserver: MutationObserver | null = null;
  let scheme: MediaQueryList | null = null;

  onMounted(() => {
    if (typeof ResizeObserver !== 'undefined' && source.plotEl.value) {
      resizeObserver = new ResizeObserver(restyle);
      resizeObserver.observe(source.plotEl.value);
    }
    // Theme and projector mode change the root's class and data-theme, and with them every colour.
    if (typeof MutationObserver !== 'undefined') {
      themeObserver = new MutationObserver(restyle);
      themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });
    }
    scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: light)') : null;
    scheme?.addEventListener?.('change', restyle);
    schedule();
  });

  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    resizeObserver?.disconnect();
    themeObserver?.disconnect();
    scheme?.removeEventListener?.('change', restyle);
  });

  return { schedule };
}
