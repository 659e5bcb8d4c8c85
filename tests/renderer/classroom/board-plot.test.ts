import { describe, expect, it } from 'vitest';
import { boardPlot, niceStep } from '../../../src/renderer/src/lib/board-plot';
import type { BoardEntry } from '../../../src/shared/class-contract';

const entry = (id: string, logicalCores: number, speedup: number | null): BoardEntry => ({
  id,
  student: id,
  address: '127.0.0.1',
  receivedAt: '2026-01-01T00:00:00.000Z',
  mode: 'processes',
  workload: 'cpu',
  workers: logicalCores,
  cpuModel: 'CPU',
  logicalCores,
  os: 'Linux',
  speedup,
  wallMs: 1000,
  otherBusyCores: 0,
  powerSaver: null,
  flags: [],
});

describe('the class board scatter', () => {
  it('steps its scales by 1, 2 or 5 times a power of ten, in at most eight steps', () => {
    expect(niceStep(2)).toBe(1);
    expect(niceStep(8)).toBe(1);
    expect(niceStep(16)).toBe(2);
    expect(niceStep(64)).toBe(10);
    expect(niceStep(11.3)).toBe(2);
  });

  it('labels both axes from zero to a round end past the largest point, every point inside', () => {
    const plot = boardPlot([entry('a', 16, 13.7), entry('b', 4, 3.4), entry('c', 12, 0.9), entry('d', 64, null)]);
    // The run with no speedup is not drawn, so it does not stretch the scale either.
    expect(plot.maxCores).toBe(16);
    expect(plot.xTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8', '10', '12', '14', '16']);
    expect(plot.maxSpeedup).toBe(16);
    expect(plot.yTicks.map((t) => t.label)).toEqual(['0', '2×', '4×', '6×', '8×', '10×', '12×', '14×', '16×']);
    expect(plot.yTicks.at(-1)!.at).toBe(1);
    for (const p of plot.points) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1);
    }
    expect(plot.ideal).toEqual({ x2: 1, y2: 1 });
  });

  it('keeps a room of small speedups readable, not squashed under an ideal line it cannot reach', () => {
    const plot = boardPlot([entry('a', 8, 1.1), entry('b', 4, 0.95)]);
    expect(plot.maxSpeedup).toBe(2);
    expect(plot.yTicks.map((t) => t.label)).toEqual(['0', '1×', '2×']);
    expect(plot.ideal.y2).toBe(1);
    expect(plot.ideal.x2).toBe(2 / 8);
  });
});
