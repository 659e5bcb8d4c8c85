/**
 * What a canvas painter takes from the page's CSS. A canvas cannot use var(--x), so colours are
 * read off an element: the custom properties in theme.css (and a component's own style, for the
 * properties it defines) are their one source, and follow theme, projector mode and the system's
 * light or dark setting like the rest of the page.
 */

/**
 * The computed value of each custom property, by key. A property the CSS does not define reads
 * as transparent: a painter then draws nothing there, rather than a guess at the theme.
 */
export function readThemeColours<K extends string>(
  element: Element,
  properties: Readonly<Record<K, string>>,
): Record<K, string> {
  const style = getComputedStyle(element);
  const out = {} as Record<K, string>;
  for (const key of Object.keys(properties) as K[]) {
    out[key] = style.getPropertyValue(properties[key]).trim() || 'transparent';
  }
  return out;
}

/** The element's font, for text drawn on a canvas beside it. */
export function readThemeFont(element: Element): { family: string; px: number } {
  const style = getComputedStyle(element);
  return { family: style.fontFamily || 'system-ui, sans-serif', px: parseFloat(style.fontSize) || 16 };
}
