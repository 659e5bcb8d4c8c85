import { describe, expect, it } from 'vitest';
import { layoutHeading } from '../../src/renderer/src/lib/figure-heading';

/** A context whose every character is 10 px wide, whatever the font. */
function measuring(): CanvasRenderingContext2D {
  return {
    font: '',
    measureText: (text: string) => ({ width: text.length * 10 }),
  } as unknown as CanvasRenderingContext2D;
}

function figure(): HTMLElement {
  const el = document.createElement('section');
  el.setAttribute('style', 'font-size: 20px; font-family: serif');
  document.body.appendChild(el);
  return el;
}

describe('the heading of a saved figure', () => {
  it('sets the title larger and bold, the rest in the figure’s type, each wrapped to the figure’s width', () => {
    const layout = layoutHeading(
      measuring(),
      figure(),
      ['1. CPU-bound work', 'Go 2, with Tasks 4, Threads or processes 4.'],
      // 20 px margins each side: 24 characters to a line.
      280,
    );
    expect(layout.lines.map((l) => l.text)).toEqual([
      '1. CPU-bound work',
      'Go 2, with Tasks 4,',
      'Threads or processes 4.',
    ]);
    expect(layout.lines[0]!.font).toBe('800 27px serif');
    expect(layout.lines[1]!.font).toBe('400 20px serif');
    // Each line below the one before, and the figure below them all.
    const ys = layout.lines.map((l) => l.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(layout.height).toBeGreaterThan(ys.at(-1)!);
    expect(layout.pad).toBe(20);
  });

  it('takes no room without a heading', () => {
    expect(layoutHeading(measuring(), figure(), [], 280)).toMatchObject({ height: 0, lines: [] });
  });
});
