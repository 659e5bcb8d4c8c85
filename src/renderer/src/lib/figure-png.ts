/**
 * A figure on screen as a PNG, drawn by the page itself. GIL Lab's charts, lanes and heat maps
 * are canvases and the rest is ordinary DOM (tiles, captions, legends), so the figure is
 * composed on one canvas: every visible box's background and border, every canvas as it is,
 * every SVG (with its computed colours inlined), and every run of text at the place the browser
 * laid it out, word by word. No library and no relaxed CSP are needed: nothing is fetched, and
 * SVGs go in as data: images, which the CSP's img-src allows and which never taint the canvas.
 *
 * CSS gradients (the lanes' patterned swatches) are drawn by the browser into an SVG image of
 * their own (figure-images.ts). What it does not draw: background images from URLs, shadows and
 * transforms. The app's figures use none of them; a figure that did would come out without them,
 * not wrong.
 */
import { layoutHeading, paintHeading } from './figure-heading';
import { paintBackgroundImage, svgImage } from './figure-images';

export interface FigureOptions {
  /** Pixels per CSS pixel; defaults to the screen's, so canvases are copied 1:1. */
  scale?: number;
  /** Drawn under everything; defaults to the first opaque background at or above the figure. */
  background?: string;
  /**
   * Lines written above the figure, the first as its title: what the picture is of, where the
   * page says it elsewhere (the lesson's title, its settings). Wrapped to the figure's width.
   */
  heading?: readonly string[];
}

const TRANSPARENT = /^(transparent|rgba\(\s*0,\s*0,\s*0,\s*0\s*\))$/i;

function isTransparent(colour: string): boolean {
  return !colour || TRANSPARENT.test(colour.trim());
}

function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (!isTransparent(bg)) return bg;
  }
  return '#ffffff';
}

/**
 * Hidden from sight (though perhaps not from screen readers), or a control that belongs to the
 * page rather than the figure, such as the Save PNG button itself: not drawn.
 */
function hidden(el: Element, style: CSSStyleDeclaration): boolean {
  if (el instanceof HTMLElement && el.dataset.pngSkip !== undefined) return true;
  if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return true;
  // The visually-hidden pattern: a 1 px box clipped away.
  if (style.clipPath && style.clipPath !== 'none') return true;
  const r = el.getBoundingClientRect();
  return r.width <= 1 && r.height <= 1;
}

function roundedRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  if (r > 0 && typeof ctx.roundRect === 'function') ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
  else ctx.rect(x, y, w, h);
}

function paintBox(ctx: CanvasRenderingContext2D, el: Element, style: CSSStyleDeclaration, origin: DOMRect): void {
  const r = el.getBoundingClientRect();
  const x = r.left - origin.left;
  const y = r.top - origin.top;
  const radius = parseFloat(style.borderTopLeftRadius) || 0;
  if (!isTransparent(style.backgroundColor)) {
    ctx.fillStyle = style.backgroundColor;
    roundedRect(ctx, x, y, r.width, r.height, radius);
    ctx.fill();
  }
  const sides = [
    ['Top', x, y, x + r.width, y],
    ['Right', x + r.width, y, x + r.width, y + r.height],
    ['Bottom', x, y + r.height, x + r.width, y + r.height],
    ['Left', x, y, x, y + r.height],
  ] as const;
  const widths = sides.map(([side]) => {
    const s = style.getPropertyValue(`border-${side.toLowerCase()}-style`);
    const w = parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) || 0;
    return s === 'none' || s === 'hidden' ? 0 : w;
  });
  const colours = sides.map(([side]) => style.getPropertyValue(`border-${side.toLowerCase()}-color`));
  const uniform = widths.every((w) => w === widths[0]) && colours.every((c) => c === colours[0]);
  if (uniform && widths[0]! > 0 && !isTransparent(colours[0]!)) {
    const w = widths[0]!;
    ctx.strokeStyle = colours[0]!;
    ctx.lineWidth = w;
    roundedRect(ctx, x + w / 2, y + w / 2, r.width - w, r.height - w, Math.max(0, radius - w / 2));
    ctx.stroke();
    return;
  }
  sides.forEach(([, x0, y0, x1, y1], i) => {
    const w = widths[i]!;
    if (w <= 0 || isTransparent(colours[i]!)) return;
    ctx.fillStyle = colours[i]!;
    const horizontal = y0 === y1;
    const atEnd = i === 1 || i === 2;
    if (horizontal) ctx.fillRect(x0, atEnd ? y0 - w : y0, x1 - x0, w);
    else ctx.fillRect(atEnd ? x0 - w : x0, y0, w, y1 - y0);
  });
}

function fontOf(style: CSSStyleDeclaration): string {
  return `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}

/** Each word of a text node, where the browser put it: word by word keeps the line breaks. */
function paintText(ctx: CanvasRenderingContext2D, node: Text, style: CSSStyleDeclaration, origin: DOMRect): void {
  const text = node.data;
  if (!text.trim()) return;
  ctx.font = fontOf(style);
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const metrics = ctx.measureText('Hg');
  const ascent = metrics.fontBoundingBoxAscent || metrics.actualBoundingBoxAscent || parseFloat(style.fontSize) * 0.8;
  const descent =
    metrics.fontBoundingBoxDescent || metrics.actualBoundingBoxDescent || parseFloat(style.fontSize) * 0.2;
  const range = document.createRange();
  const transform = style.textTransform;
  for (const match of text.matchAll(/\S+/g)) {
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    // A word broken over two lines has two rects; each part is drawn in its own.
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    let word = match[0];
    if (transform === 'uppercase') word = word.toUpperCase();
    else if (transform === 'lowercase') word = word.toLowerCase();
    if (rects.length === 1) {
      const r = rects[0]!;
      ctx.fillText(word, r.left - origin.left, r.top - origin.top + (r.height - ascent - descent) / 2 + ascent);
      continue;
    }
    // Rare: fall back to character by character for a word the browser split.
    for (let i = 0; i < match[0].length; i++) {
      range.setStart(node, match.index + i);
      range.setEnd(node, match.index + i + 1);
      const r = range.getBoundingClientRect();
      if (r.width === 0) continue;
      ctx.fillText(
        word[i] ?? '',
        r.left - origin.left,
        r.top - origin.top + (r.height - ascent - descent) / 2 + ascent,
      );
    }
  }
  range.detach?.();
}

/** A form control's shown value (selects and inputs draw theirs outside the DOM tree). */
function paintControlValue(
  ctx: CanvasRenderingContext2D,
  el: HTMLInputElement | HTMLSelectElement,
  style: CSSStyleDeclaration,
  origin: DOMRect,
): void {
  const r = el.getBoundingClientRect();
  if (el instanceof HTMLInputElement && el.type === 'range') {
    // A slider: its track and where the thumb sits.
    const min = Number(el.min || 0);
    const max = Number(el.max || 100);
    const at = max > min ? (Number(el.value) - min) / (max - min) : 0;
    const y = r.top - origin.top + r.height / 2;
    const x0 = r.left - origin.left;
    ctx.fillStyle = style.color;
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x0, y - 2, r.width, 4);
    ctx.globalAlpha = 1;
    ctx.fillStyle = style.accentColor && style.accentColor !== 'auto' ? style.accentColor : style.color;
    ctx.beginPath();
    ctx.arc(x0 + at * r.width, y, Math.min(8, r.height / 2), 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  const value =
    el instanceof HTMLSelectElement
      ? (el.selectedOptions[0]?.text ?? '')
      : el.type === 'checkbox' || el.type === 'radio'
        ? el.checked
          ? '✓'
          : ''
        : el.value;
  if (!value) return;
  ctx.font = fontOf(style);
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const pad = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.borderLeftWidth) || 0);
  ctx.fillText(value, r.left - origin.left + pad, r.top - origin.top + r.height / 2, Math.max(1, r.width - 2 * pad));
}

async function paintElement(ctx: CanvasRenderingContext2D, el: Element, origin: DOMRect): Promise<void> {
  const style = getComputedStyle(el);
  if (hidden(el, style)) return;
  paintBox(ctx, el, style, origin);
  await paintBackgroundImage(ctx, el, style, origin);
  const r = el.getBoundingClientRect();
  const x = r.left - origin.left;
  const y = r.top - origin.top;
  if (el instanceof HTMLCanvasElement) {
    if (el.width > 0 && el.height > 0) ctx.drawImage(el, x, y, r.width, r.height);
    return;
  }
  if (el instanceof SVGSVGElement) {
    const img = await svgImage(el);
    if (img) ctx.drawImage(img, x, y, r.width, r.height);
    return;
  }
  if (el instanceof HTMLImageElement) {
    if (el.complete && el.naturalWidth > 0) ctx.drawImage(el, x, y, r.width, r.height);
    return;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) {
    paintControlValue(ctx, el, style, origin);
    return;
  }
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLTemplateElement) return;
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) paintText(ctx, child as Text, style, origin);
    else if (child.nodeType === Node.ELEMENT_NODE) await paintElement(ctx, child as Element, origin);
  }
}

/**
 * Draws `el` as it is on screen now, onto a new canvas; with a heading, under it and with a
 * margin all round as wide as the heading's, so the picture stands on its own.
 */
export async function figureToCanvas(el: Element, options: FigureOptions = {}): Promise<HTMLCanvasElement> {
  await document.fonts?.ready;
  const origin = el.getBoundingClientRect();
  const scale = options.scale ?? Math.max(1, window.devicePixelRatio || 1);
  const canvas = document.createElement('canvas');
  const measure = canvas.getContext('2d');
  if (!measure) throw new Error('this browser cannot draw on a canvas');
  const heading = layoutHeading(measure, el, options.heading ?? [], origin.width);
  const margin = heading.height > 0 ? heading.pad : 0;
  const width = origin.width + 2 * margin;
  const height = origin.height + heading.height + margin;
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  // Resizing the canvas resets its context: scale and styles are set after.
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = options.background ?? backgroundOf(el);
  ctx.fillRect(0, 0, width, height);
  paintHeading(ctx, el, heading);
  ctx.translate(margin, heading.height);
  await paintElement(ctx, el, origin);
  return canvas;
}

export async function figureToPng(el: Element, options: FigureOptions = {}): Promise<Blob> {
  const canvas = await figureToCanvas(el, options);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the figure could not be encoded as PNG'))),
      'image/png',
    ),
  );
}
