import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import {
  canvasFont,
  categoryAxis,
  drawWhisker,
  valueAxis,
  withAlpha,
  type ChartTheme,
} from '../../../src/renderer/src/components/viz/chart-parts';

const theme: ChartTheme = {
  text: '#f2f4f7',
  muted: '#a9b4c2',
  grid: '#2c3644',
  accent: '#5ab0ff',
  bg: '#0f1419',
  rem: 20,
  font: (scale = 0.85, weight = 400) => `${weight} ${Math.round(20 * scale)}px system-ui`,
};

describe('withAlpha', () => {
  it('turns #rgb and #rrggbb into rgba, and leaves anything else as it is', () => {
    expect(withAlpha('#5ab0ff', 0.25)).toBe('rgba(90, 176, 255, 0.25)');
    expect(withAlpha('#fff', 0.3)).toBe('rgba(255, 255, 255, 0.3)');
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)');
  });
});

describe('canvasFont', () => {
  it("scales the theme's font to device pixels", () => {
    expect(canvasFont(theme, 0.8, 700, 1)).toBe('700 16px system-ui');
    expect(canvasFont(theme, 0.8, 700, 2)).toBe('700 32px system-ui');
    expect(canvasFont(theme, 0.65, 700, 1.5)).toBe('700 20px system-ui');
  });
});

describe('drawWhisker', () => {
  it('draws the line and a cap at each end, in one stroke', () => {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get:
          (_t, key) =>
          (...args: number[]) =>
            calls.push(`${String(key)}(${args.join(',')})`),
      },
    ) as CanvasRenderingContext2D;
    drawWhisker(ctx, 50, 10, 90, 4);
    expect(calls).toEqual([
      'beginPath()',
      'moveTo(50,10)',
      'lineTo(50,90)',
      'moveTo(46,10)',
      'lineTo(54,10)',
      'moveTo(46,90)',
      'lineTo(54,90)',
      'stroke()',
    ]);
  });
});

describe('valueAxis', () => {
  it('labels the axis in bold, a size smaller for a compact chart', () => {
    const regular = valueAxis(theme, 'Wall time (s)', 70);
    expect(regular).toMatchObject({
      label: 'Wall time (s)',
      labelFont: '700 17px system-ui',
      labelSize: 28,
      font: '400 16px system-ui',
      size: 70,
      stroke: theme.text,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid },
    });
    const compact = valueAxis(theme, 'Seconds from Run', 44, 'compact');
    expect(compact).toMatchObject({ labelFont: '700 16px system-ui', labelSize: 26, font: '400 15px system-ui' });
  });
});

describe('categoryAxis', () => {
  const u = {} as uPlot;
  const shown = (axis: uPlot.Axis): string[] => {
    const splits = (axis.splits as () => number[])();
    return (axis.values as (u: uPlot, splits: number[]) => string[])(u, splits);
  };
  // 10 px characters at rem 20: a 600 px plot gives 4 groups 15 characters each.
  const text = { font: 0.8, charWidth: 0.5 };

  it('wraps each label at word breaks to the characters that fit under its group', () => {
    const labels = ['One thread (sequential)', 'Threads, with the GIL', 'Processes', 'Free'];
    expect(shown(categoryAxis(theme, 600, text, () => labels))).toEqual([
      'One thread\n(sequential)',
      'Threads, with\nthe GIL',
      'Processes',
      'Free',
    ]);
  });

  it('never wraps to fewer than six characters, and keeps at most maxLines', () => {
    const labels = Array.from({ length: 10 }, () => 'Threads with the GIL');
    expect(shown(categoryAxis(theme, 600, text, () => labels))[0]).toBe('Threads\nwith\nthe\nGIL');
    expect(shown(categoryAxis(theme, 600, { ...text, maxLines: 2 }, () => labels))[0]).toBe('Threads\nwith');
  });

  it('is as tall as the label with the most lines, with no grid and no ticks', () => {
    const axis = categoryAxis(theme, 600, text, () => ['One', 'One thread (sequential)', 'Two', 'Three']);
    expect(axis).toMatchObject({ font: '600 16px system-ui', grid: { show: false }, ticks: { show: false } });
    expect(axis.size).toBeCloseTo((2 + 0.8) * 20 * 1.05);
  });

  it('labels groups that arrive after the chart was made', () => {
    const labels = ['A'];
    const axis = categoryAxis(theme, 600, text, () => labels);
    labels.push('B');
    expect(shown(axis)).toEqual(['A', 'B']);
  });
});
