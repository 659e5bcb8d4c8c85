export type TileMode = 'tile' | 'heat';

export interface GridLayout {
  columns: number;
  mode: TileMode;
}

/** Above this many cores, tiles become a heat map: one coloured cell and a number per core. */
export const HEAT_MAP_ABOVE = 32;

/**
 * Columns for `cores` tiles on a wide screen, chosen so rows stay few and tiles stay large:
 * 2 cores sit side by side, 32 make 4 rows of 8, 256 make 8 rows of 32.
 */
export function gridLayout(cores: number): GridLayout {
  const n = Math.max(1, Math.floor(cores));
  const mode: TileMode = n > HEAT_MAP_ABOVE ? 'heat' : 'tile';
  let columns: number;
  if (n <= 4) columns = n;
  else if (n <= 8) columns = 4;
  else if (n <= 32) columns = 8;
  else if (n <= 64) columns = 16;
  else if (n <= 128) columns = 16;
  else columns = 32;
  return { columns: Math.min(columns, n), mode };
}
