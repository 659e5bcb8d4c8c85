/**
 * One core's load as an ARIA meter, in the same words on a tile and behind the heat map:
 * "Core 3", "42% busy". `percent` is the whole number the tile shows.
 */
export function coreMeter(index: number, percent: number) {
  return {
    role: 'meter',
    'aria-label': `Core ${index}`,
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'aria-valuenow': percent,
    'aria-valuetext': `${percent}% busy`,
  } as const;
}
