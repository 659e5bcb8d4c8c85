/** SVG polyline points for a 0–100 series, drawn into a width×height box, newest on the right. */
export function sparklinePoints(values: readonly number[], capacity: number, width = 100, height = 30): string {
  if (values.length === 0) return '';
  const step = capacity > 1 ? width / (capacity - 1) : width;
  const offset = capacity - values.length;
  let points = '';
  for (let i = 0; i < values.length; i++) {
    const x = (offset + i) * step;
    const y = height - (Math.min(100, Math.max(0, values[i]!)) / 100) * height;
    points += `${x.toFixed(1)},${y.toFixed(1)} `;
  }
  return points.trimEnd();
}
