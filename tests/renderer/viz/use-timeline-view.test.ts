import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import {
  clampWindow,
  liveEnd,
  minSpan,
  useTimelineView,
} from '../../../src/renderer/src/components/viz/use-timeline-view';

function timeline(totalMs: number, running = false) {
  const state = { running, nowMs: totalMs };
  const total = ref(totalMs);
  const plotEl = ref<HTMLElement | null>(null);
  const view = useTimelineView({ totalMs: total, nowMs: () => state.nowMs, running: () => state.running, plotEl });
  const key = (key: string) => {
    const event = new KeyboardEvent('keydown', { key, cancelable: true });
    view.onKey(event);
    return event.defaultPrevented;
  };
  return { state, total, plotEl, view, key };
}

describe('liveEnd', () => {
  it('ends a live view at a round 1–2–5 value at least 5% ahead of now, and never before 0.5 s', () => {
    expect(liveEnd(0)).toBe(500);
    expect(liveEnd(450)).toBe(500);
    expect(liveEnd(480)).toBe(1000);
    expect(liveEnd(1000)).toBe(2000);
    expect(liveEnd(4000)).toBe(5000);
    expect(liveEnd(4800)).toBe(10_000);
  });
});

describe('clampWindow', () => {
  it('keeps a window inside the run and at least minSpan wide, and fits the run when it covers it', () => {
    expect(clampWindow(50, 150, 200)).toEqual({ start: 50, end: 150 });
    expect(clampWindow(-30, 70, 200)).toEqual({ start: 0, end: 100 });
    expect(clampWindow(150, 250, 200)).toEqual({ start: 100, end: 200 });
    expect(clampWindow(100, 100.1, 200)).toEqual({ start: 100, end: 100 + minSpan(200) });
    expect(clampWindow(-10, 300, 200)).toBeNull();
    expect(minSpan(100_000)).toBe(5);
  });
});

describe('useTimelineView', () => {
  it('follows a live run and takes no keys while it goes', () => {
    const t = timeline(700, true);
    expect(t.view.view.value).toEqual({ start: 0, end: 1000 });
    expect(t.view.cursorMs.value).toBe(0);
    expect(t.key('+')).toBe(false);
    expect(t.view.zoom.value).toBeNull();
  });

  it('after the run, zooms around the cursor in the middle, and Fit shows the whole run', () => {
    const t = timeline(200);
    expect(t.view.cursorMs.value).toBe(100);
    expect(t.view.canZoomOut.value).toBe(false);
    t.view.zoomIn();
    expect(t.view.view.value).toEqual({ start: 50, end: 150 });
    expect(t.key('=')).toBe(true);
    expect(t.view.view.value).toEqual({ start: 75, end: 125 });
    expect(t.key('_')).toBe(true);
    expect(t.view.view.value).toEqual({ start: 50, end: 150 });
    expect(t.view.canZoomOut.value).toBe(true);
    expect(t.key('0')).toBe(true);
    expect(t.view.view.value).toEqual({ start: 0, end: 200 });
    expect(t.key('x')).toBe(false);
  });

  it('moves the cursor by a step of the window, clamps it to the run, and pans a zoomed view to it', () => {
    const t = timeline(200);
    expect(t.view.step.value).toBe(2);
    t.key('ArrowRight');
    expect(t.view.cursorMs.value).toBe(102);
    t.key('End');
    expect(t.view.cursorMs.value).toBe(200);
    t.key('ArrowRight');
    expect(t.view.cursorMs.value).toBe(200);
    t.key('Home');
    t.key('ArrowLeft');
    expect(t.view.cursorMs.value).toBe(0);

    t.view.zoomIn();
    t.view.zoomIn();
    const zoomed = t.view.view.value;
    expect(zoomed.end - zoomed.start).toBe(50);
    t.key('End');
    expect(t.view.view.value).toEqual({ start: 150, end: 200 });
  });

  it('cannot zoom in past the narrowest window', () => {
    const t = timeline(2);
    for (let i = 0; i < 10; i++) t.view.zoomIn();
    const { start, end } = t.view.view.value;
    expect(end - start).toBe(minSpan(2));
    expect(t.view.canZoomIn.value).toBe(false);
  });

  it('places a click and a wheel zoom at the pointer’s time, the wheel only while the plot has focus', () => {
    const t = timeline(200);
    const plot = document.createElement('div');
    plot.tabIndex = 0;
    plot.getBoundingClientRect = () => ({ left: 100, width: 400 }) as DOMRect;
    document.body.appendChild(plot);
    t.plotEl.value = plot;

    t.view.onClick(new MouseEvent('click', { clientX: 200 }));
    expect(t.view.cursorMs.value).toBe(50);

    // happy-dom's WheelEvent leaves out the pointer's position, so the event is given its own.
    const wheel = () => {
      const event = new WheelEvent('wheel', { deltaY: -100, cancelable: true });
      Object.defineProperty(event, 'clientX', { value: 500 });
      return event;
    };
    t.view.onWheel(wheel());
    expect(t.view.zoom.value).toBeNull();
    plot.focus();
    const event = wheel();
    t.view.onWheel(event);
    expect(event.defaultPrevented).toBe(true);
    // Zoomed in by 0.8 around the right edge, at 200 ms.
    expect(t.view.view.value).toEqual({ start: 40, end: 200 });
    plot.remove();
  });

  it('resets to the whole run with the cursor at the start of a live run or the middle of a finished one', () => {
    const t = timeline(200);
    t.view.zoomIn();
    t.state.running = true;
    t.view.reset();
    expect(t.view.zoom.value).toBeNull();
    expect(t.view.cursorMs.value).toBe(0);
    t.state.running = false;
    t.total.value = 400;
    t.view.reset();
    expect(t.view.cursorMs.value).toBe(200);
  });
});
