/**
 * Runs in the page: builds a LaneRecorder from a list of events, paints it with the lanes'
 * painter on a real canvas, and hands back the pixels. Bundled for Chromium by lane-painter.test.
 */
import { LaneRecorder } from '../../src/shared/lanes';
import {
  laneFills,
  paintLanes,
  stripColumn,
  type LaneLook,
  type LaneScene,
  type TimeWindow,
} from '../../src/renderer/src/components/viz/lane-painter';
import type { DrawnState } from '../../src/renderer/src/components/viz/lane-style';
import type { ThreadState } from '../../src/shared/vocabulary';

/** A state change of a worker at a time in ms, or the worker being lost at the latest time seen. */
export type PageEvent = [worker: number, state: ThreadState | 'lost', t: number];

export interface PaintRequest {
  width: number;
  height: number;
  dpr: number;
  workers: number;
  gil: boolean;
  events: PageEvent[];
  finishAt: number | null;
  view: TimeWindow;
  nowMs: number;
  cursorMs: number | null;
  chrome: Omit<LaneLook, 'fills' | 'fonts' | 'fontPx'>;
  colours: Record<DrawnState, string>;
  /**
   * Paint as a live run does: the whole canvas when now was at this time, with the events up to
   * it, then the rest of the events and only the strip since then.
   */
  liveFrom?: number;
}

function push(recorder: LaneRecorder, [worker, state, t]: PageEvent): void {
  if (state === 'lost') recorder.push({ type: 'worker-lost', worker, reason: 'test' });
  else recorder.push({ type: 'worker-state', worker, state, t });
}

/** The canvas's RGBA pixels, base64-encoded to cross back to Node cheaply. */
export function paint(req: PaintRequest): string {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(req.width * req.dpr);
  canvas.height = Math.round(req.height * req.dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(req.dpr, 0, 0, req.dpr, 0, 0);
  const look: LaneLook = {
    ...req.chrome,
    fonts: 'sans-serif',
    fontPx: 16,
    fills: laneFills(ctx, req.colours, 9, req.dpr),
  };
  const recorder = new LaneRecorder(req.workers, 0, req.gil);
  const scene = (nowMs: number): LaneScene => ({
    recorder,
    nowMs,
    view: req.view,
    width: req.width,
    height: req.height,
    gil: req.gil,
    cursorMs: req.cursorMs,
  });
  const live = req.liveFrom;
  if (live === undefined) {
    req.events.forEach((e) => push(recorder, e));
    if (req.finishAt !== null) recorder.finish(req.finishAt);
    paintLanes(ctx, scene(req.nowMs), look);
  } else {
    req.events.filter((e) => e[2] <= live).forEach((e) => push(recorder, e));
    paintLanes(ctx, scene(live), look);
    req.events.filter((e) => e[2] > live).forEach((e) => push(recorder, e));
    if (req.finishAt !== null) recorder.finish(req.finishAt);
    paintLanes(ctx, scene(req.nowMs), look, stripColumn(scene(req.nowMs), live));
  }
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}
