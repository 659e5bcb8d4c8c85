import { computed, ref, type Ref } from 'vue';
import type { TimeWindow } from './lane-painter';
import { niceStep } from './lane-style';

/**
 * While a run goes the time axis ends at a round 1–2–5 value ahead of now, not at now itself:
 * the scale then holds still for seconds at a time, so the axis stays readable from the back
 * of a room, and each paint only adds the strip since the last one rather than the whole canvas.
 */
export function liveEnd(nowMs: number): number {
  const need = Math.max(500, nowMs * 1.05);
  const p = 10 ** Math.floor(Math.log10(need));
  for (const m of [1, 2, 5, 10]) if (m * p >= need) return m * p;
  return 10 * p;
}

/** The narrowest window zooming reaches: half a millisecond, or 1/20 000 of a long run. */
export function minSpan(totalMs: number): number {
  return Math.max(0.5, totalMs / 20_000);
}

/**
 * The window from start to end, widened to minSpan and slid inside the run; null when that is
 * the whole run, which the view then fits.
 */
export function clampWindow(start: number, end: number, totalMs: number): TimeWindow | null {
  const span = Math.max(minSpan(totalMs), end - start);
  if (span >= totalMs) return null;
  const s = Math.min(Math.max(0, start), totalMs - span);
  return { start: s, end: s + span };
}

export interface TimelineSource {
  /** Length of the run so far, in ms: what the slider and a fitted view cover. */
  totalMs: Readonly<Ref<number>>;
  nowMs: () => number;
  running: () => boolean;
  /** The focusable plot: wheel zoom only while it has focus, clicks placed along its width. */
  plotEl: Readonly<Ref<HTMLElement | null>>;
}

/**
 * The lanes' time window and scrub cursor. While a run goes the view follows it and nothing can
 * be zoomed or scrubbed; after it, buttons, keys, the wheel and clicks zoom around and move a
 * cursor whose time the readout reports.
 */
export function useTimelineView(source: TimelineSource) {
  const { totalMs, plotEl } = source;
  /** Null when the view fits the whole run. */
  const zoom = ref<TimeWindow | null>(null);
  const cursorMs = ref(0);

  const view = computed<TimeWindow>(() =>
    source.running() ? { start: 0, end: liveEnd(source.nowMs()) } : (zoom.value ?? { start: 0, end: totalMs.value }),
  );
  const canZoomIn = computed(() => view.value.end - view.value.start > minSpan(totalMs.value));
  const canZoomOut = computed(() => zoom.value !== null);
  /** What one arrow key press moves the cursor by: about a hundredth of the window. */
  const step = computed(() => niceStep((view.value.end - view.value.start) / 100));

  function zoomBy(factor: number, anchor?: number): void {
    const { start, end } = view.value;
    const at = anchor ?? (cursorMs.value >= start && cursorMs.value <= end ? cursorMs.value : (start + end) / 2);
    zoom.value = clampWindow(at - (at - start) * factor, at + (end - at) * factor, totalMs.value);
  }
  const zoomIn = (): void => zoomBy(0.5);
  const zoomOut = (): void => zoomBy(2);
  const fit = (): void => {
    zoom.value = null;
  };

  function moveCursor(t: number): void {
    cursorMs.value = Math.min(totalMs.value, Math.max(0, t));
    const { start, end } = view.value;
    // Keep the cursor on screen: pan the zoomed view to it.
    if (zoom.value && (cursorMs.value < start || cursorMs.value > end)) {
      const half = (end - start) / 2;
      zoom.value = clampWindow(cursorMs.value - half, cursorMs.value + half, totalMs.value);
    }
  }

  /** A new run or a new round: the whole run in view, the cursor at its start or its middle. */
  function reset(): void {
    zoom.value = null;
    cursorMs.value = source.running() ? 0 : totalMs.value / 2;
  }

  const KEYS: Record<string, () => void> = {
    '+': zoomIn,
    '=': zoomIn,
    '-': zoomOut,
    _: zoomOut,
    '0': fit,
    ArrowLeft: () => moveCursor(cursorMs.value - step.value),
    ArrowRight: () => moveCursor(cursorMs.value + step.value),
    Home: () => moveCursor(0),
    End: () => moveCursor(totalMs.value),
  };

  function onKey(event: KeyboardEvent): void {
    const action = Object.hasOwn(KEYS, event.key) ? KEYS[event.key] : undefined;
    if (source.running() || !action) return;
    action();
    // The timeline has focus, so its keys are not the app's lesson shortcuts.
    event.preventDefault();
    event.stopPropagation();
  }

  function timeAtClientX(clientX: number): number {
    const el = plotEl.value;
    const { start, end } = view.value;
    if (!el) return (start + end) / 2;
    const box = el.getBoundingClientRect();
    const f = box.width > 0 ? (clientX - box.left) / box.width : 0.5;
    return start + Math.min(1, Math.max(0, f)) * (end - start);
  }

  function onWheel(event: WheelEvent): void {
    if (source.running() || document.activeElement !== plotEl.value) return;
    event.preventDefault();
    zoomBy(event.deltaY < 0 ? 0.8 : 1.25, timeAtClientX(event.clientX));
  }

  function onClick(event: MouseEvent): void {
    if (!source.running()) moveCursor(timeAtClientX(event.clientX));
  }

  function onRange(event: Event): void {
    moveCursor(Number((event.target as HTMLInputElement).value));
  }

  reset();
  return {
    zoom,
    cursorMs,
    view,
    canZoomIn,
    canZoomOut,
    step,
    zoomIn,
    zoomOut,
    fit,
    reset,
    onKey,
    onWheel,
    onClick,
    onRange,
  };
}
