/**
 * The lines a saved figure carries above it, in the figure's own type and colour: the first as
 * its title, larger and bold, the rest as they are, each wrapped to the figure's width.
 */

/** Words set in lines no wider than `width`, as `ctx`'s font measures them. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export interface HeadingLayout {
  /** CSS px the heading takes above the figure; 0 with no heading. */
  height: number;
  /** Its left margin, as wide as the figure's type is tall. */
  pad: number;
  lines: { text: string; font: string; y: number }[];
}

/** Where the heading's lines fall on a figure `width` CSS px wide. */
export function layoutHeading(
  ctx: CanvasRenderingContext2D,
  el: Element,
  heading: readonly string[],
  width: number,
): HeadingLayout {
  const style = getComputedStyle(el);
  const px = parseFloat(style.fontSize) || 16;
  const lines: HeadingLayout['lines'] = [];
  let y = px;
  heading.forEach((text, i) => {
    const size = i === 0 ? px * 1.35 : px;
    const font = `${i === 0 ? 800 : 400} ${size}px ${style.fontFamily}`;
    ctx.font = font;
    for (const line of wrap(ctx, text, width - 2 * px)) {
      lines.push({ text: line, font, y: y + size });
      y += size * 1.35;
    }
  });
  return { height: lines.length ? y + px / 2 : 0, pad: px, lines };
}

export function paintHeading(ctx: CanvasRenderingContext2D, el: Element, heading: HeadingLayout): void {
  ctx.fillStyle = getComputedStyle(el).color;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  for (const line of heading.lines) {
    ctx.font = line.font;
    ctx.fillText(line.text, heading.pad, line.y);
  }
}
