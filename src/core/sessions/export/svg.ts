/** Small inline SVG charts for the HTML report: no script, no external files, readable printed. */

export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const W = 720;

/** Horizontal bars, one per label, scaled to the largest value. */
export function barChart(title: string, bars: { label: string; value: number; unit: string }[]): string {
  const rowH = 22;
  const left = 260;
  const height = bars.length * rowH + 30;
  const max = Math.max(1e-9, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const y = 24 + i * rowH;
      const w = Math.max(1, ((W - left - 90) * b.value) / max);
      return (
        `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" class="bar"/>` +
        `<text x="${(left + w + 6).toFixed(1)}" y="${y + 14}">${escapeHtml(b.value.toFixed(b.value >= 100 ? 0 : 2))} ${escapeHtml(b.unit)}</text>`
      );
    })
    .join('');
  return (
    `<svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><text x="0" y="14" class="title">${escapeHtml(title)}</text>${rows}</svg>`
  );
}

/** A line over time, 0–max on the y axis; at most `maxPoints` points, by averaging buckets. */
export function lineChart(
  title: string,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  yMax: number,
  yLabel: string,
  maxPoints = 600,
): string {
  const h = 160;
  const left = 44;
  const top = 22;
  const plotW = W - left - 10;
  const plotH = h - top - 24;
  const n = values.length;
  const buckets = Math.min(n, maxPoints);
  const t0 = n > 0 ? times[0]! : 0;
  const span = n > 1 ? Math.max(1, times[n - 1]! - t0) : 1;
  const points: string[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.max(from + 1, Math.floor(((b + 1) * n) / buckets));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i]!;
    const x = left + (plotW * (times[from]! - t0)) / span;
    const y = top + plotH - (plotH * Math.min(yMax, sum / (to - from))) / yMax;
    points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return (
    `<svg viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><text x="0" y="14" class="title">${escapeHtml(title)}</text>` +
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" class="frame"/>` +
    `<text x="${left - 6}" y="${top + 10}" text-anchor="end">${escapeHtml(yMax)}</text>` +
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>` +
    `<text x="${left}" y="${h - 6}">${escapeHtml(yLabel)}; ${escapeHtml((span / 1000).toFixed(1))} s</text>` +
    (points.length > 0 ? `<polyline points="${points.join(' ')}" class="line"/>` : '') +
    `</svg>`
  );
}
