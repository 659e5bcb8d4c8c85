/**
 * The parts of a figure that go onto its PNG as images the browser draws: an SVG, with the page's
 * computed styles written onto it, and a CSS background image such as a gradient. Both are data:
 * images, so nothing is fetched and the canvas they are drawn on is never tainted.
 */

const SVG_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

/**
 * An SVG as an image: a copy with the page's computed styles written onto each element as
 * presentation attributes (a style attribute would be an inline style, which the CSP refuses).
 */
export function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement | null> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i];
    if (!target) return;
    for (const p of SVG_PROPS) {
      const value = style.getPropertyValue(p);
      if (value) target.setAttribute(p, value);
    }
  });
  const r = svg.getBoundingClientRect();
  copy.setAttribute('width', String(r.width));
  copy.setAttribute('height', String(r.height));
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return loadImage(
    `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`,
  );
}

function loadImage(url: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = url;
  });
}

const BACKGROUND_PROPS = [
  'background-image',
  'background-size',
  'background-position',
  'background-repeat',
  'border-top-left-radius',
  'border-top-right-radius',
  'border-bottom-right-radius',
  'border-bottom-left-radius',
] as const;

/**
 * A CSS background image (the lanes' striped and dotted swatches are gradients) drawn by the
 * browser itself: an SVG image holding one box with the same computed background. It is a
 * data: image, so nothing is fetched, and Chromium does not taint a canvas for it.
 */
export async function paintBackgroundImage(
  ctx: CanvasRenderingContext2D,
  el: Element,
  style: CSSStyleDeclaration,
  origin: DOMRect,
): Promise<void> {
  if (!style.backgroundImage || style.backgroundImage === 'none' || /url\(/.test(style.backgroundImage)) return;
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return;
  const css = BACKGROUND_PROPS.map((p) => `${p}:${style.getPropertyValue(p)}`)
    .join(';')
    .replace(/"/g, "'");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${r.width}" height="${r.height}">` +
    `<foreignObject width="100%" height="100%"><div xmlns="http://www.w3.org/1999/xhtml" ` +
    `style="width:${r.width}px;height:${r.height}px;${css.replace(/&/g, '&amp;').replace(/</g, '&lt;')}"></div>` +
    `</foreignObject></svg>`;
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  if (img) ctx.drawImage(img, r.left - origin.left, r.top - origin.top, r.width, r.height);
}
