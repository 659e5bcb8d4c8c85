/** Cumulative busy and total time of one logical core, in the source's own units (ticks or ms). */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * Parses the per-core lines of /proc/stat. Busy counts user, nice, system, irq, softirq and
 * steal; idle counts idle and iowait, as top and htop do. Guest time is already inside user.
 * Cores missing from the file (offline) read as all-zero, so they show as idle.
 */
export function parseProcStat(text: string): CpuTimes[] {
  const cores: CpuTimes[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // Per-core lines are "cpuN ..."; the aggregate line is "cpu  ...". Per-core lines come first
    // in one block, so the first non-"cpu" line ends the scan.
    if (!text.startsWith('cpu', start)) break;
    const line = text.slice(start, end);
    start = end + 1;
    const digit = line.charCodeAt(3);
    if (digit < 48 || digit > 57) continue;
    const fields = line.split(' ');
    const index = Number.parseInt(fields[0]!.slice(3), 10);
    const n = (i: number): number => Number(fields[i] ?? 0) || 0;
    const idle = n(4) + n(5);
    const busy = n(1) + n(2) + n(3) + n(6) + n(7) + n(8);
    while (cores.length < index) cores.push({ busy: 0, total: 0 });
    cores[index] = { busy, total: busy + idle };
  }
  return cores;
}

/** Load per core, 0–100, over the interval between two readings of the same source. */
export function loadBetween(previous: readonly CpuTimes[], next: readonly CpuTimes[]): number[] {
  const loads = new Array<number>(next.length);
  for (let i = 0; i < next.length; i++) {
    const before = previous[i];
    const after = next[i]!;
    const dTotal = before ? after.total - before.total : 0;
    const dBusy = before ? after.busy - before.busy : 0;
    loads[i] = dTotal > 0 ? clampPercent((100 * dBusy) / dTotal) : 0;
  }
  return loads;
}

export function clampPercent(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value > 100 ? 100 : value;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
