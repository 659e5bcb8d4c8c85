import type { AppInfo } from '../../../shared/schemas';
import type { MachineSnapshot } from '../../../shared/session';
import { formatBytes, type RunRow } from './session-runs';

/**
 * Sessions, or chosen runs of them, side by side. Runs are matched by experiment and mode (the
 * same lesson step on two machines); pool sizes may differ between sides, as they do when a
 * lesson sizes its pool to the machine, and are shown in each cell. Only where one side holds
 * the same step at several pool sizes (a sweep) does the pool size become part of the match.
 */

export interface SideData {
  letter: string;
  name: string;
  /** The side's chosen runs, in session order. */
  rows: RunRow[];
  /** The distinct machines those runs ran on, in order of first use. */
  machines: MachineSnapshot[];
  apps: AppInfo[];
}

export interface CompareCell {
  /** The latest matching run of the side. */
  row: RunRow;
  /** How many of the side's runs matched; the latest is the one shown. */
  matched: number;
}

export interface CompareLine {
  key: string;
  label: string;
  cells: (CompareCell | null)[];
  /** Each side's median wall time ÷ side A's; null for side A and where either is missing. */
  wallRatio: (number | null)[];
  /** Each side's busy cores ÷ side A's. */
  busyRatio: (number | null)[];
}

export function sideLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `S${i + 1}`;
}

export function compareLines(sides: SideData[]): CompareLine[] {
  // A kind is split by pool size only where some side ran it at more than one size.
  const split = new Set<string>();
  for (const side of sides) {
    const sizes = new Map<string, Set<number>>();
    for (const r of side.rows) {
      const set = sizes.get(r.kind) ?? new Set<number>();
      set.add(r.workers);
      sizes.set(r.kind, set);
    }
    for (const [kind, set] of sizes) if (set.size > 1) split.add(kind);
  }
  const keyOf = (r: RunRow): string => (split.has(r.kind) ? `${r.kind}|w${r.workers}` : r.kind);

  const order: { key: string; label: string }[] = [];
  const seen = new Set<string>();
  for (const side of sides) {
    for (const r of side.rows) {
      const key = keyOf(r);
      if (seen.has(key)) continue;
      seen.add(key);
      const pool = `${r.workers} ${r.workers === 1 ? 'worker' : 'workers'}`;
      order.push({ key, label: split.has(r.kind) ? `${r.label}, ${pool}` : r.label });
    }
  }

  return order.map(({ key, label }) => {
    const cells = sides.map((side): CompareCell | null => {
      const matching = side.rows.filter((r) => keyOf(r) === key);
      const latest = matching.at(-1);
      return latest ? { row: latest, matched: matching.length } : null;
    });
    const base = cells[0]?.row;
    const ratio = (pick: (r: RunRow) => number) =>
      cells.map((c, i) => {
        if (i === 0 || !c || !base) return null;
        const a = pick(base);
        return a > 0 ? pick(c.row) / a : null;
      });
    return {
      key,
      label,
      cells,
      wallRatio: ratio((r) => r.wall.median),
      busyRatio: ratio((r) => r.busyCores),
    };
  });
}

export interface MachineDifferences {
  /** One line for the top of the comparison, e.g. "2 cores vs 32 cores; different CPU model". */
  summary: string;
  /** Each side's machine, spelled out. */
  perSide: { letter: string; lines: string[] }[];
  same: boolean;
}

const vs = (values: string[]): string => values.join(' vs ');
const distinct = <T>(values: T[]): T[] => [...new Set(values)];

function osLine(m: MachineSnapshot): string {
  return [m.os.distro || m.os.platform, m.os.release, m.os.arch].filter(Boolean).join(' ');
}

export function machineLine(m: MachineSnapshot): string {
  const clock = m.speedGHz ? `, ${m.speedGHz.toFixed(2)} GHz` : '';
  const source = m.loadSource === 'synthetic' ? '; synthetic core loads (a preview, not measured)' : '';
  return `${m.cpuModel}${clock}, ${m.logicalCores} logical cores (${m.physicalCores} physical), ${formatBytes(m.memoryBytes)} memory, ${osLine(m)}${source}`;
}

function appLine(a: AppInfo): string {
  const shell = a.host === 'electron' ? 'desktop app' : a.host === 'browser' ? 'browser mode' : 'command line';
  return `GIL Lab ${a.version} (${shell}), Node ${a.nodeVersion}${a.electronVersion ? `, Electron ${a.electronVersion}` : ''}`;
}

/**
 * What differs between the sides' machines, in the facts that change the results: core
 * counts first, then CPU model, memory, OS, where the core loads came from, and the GIL Lab
 * version. A side whose runs came from several machines is said to.
 */
export function machineDifferences(sides: SideData[]): MachineDifferences {
  const perSide = sides.map((s) => ({
    letter: s.letter,
    lines: [
      ...(s.machines.length === 0 ? ['no runs chosen'] : s.machines.map(machineLine)),
      ...distinct(s.apps.map(appLine)),
    ],
  }));
  const withMachines = sides.filter((s) => s.machines.length > 0);
  if (withMachines.length < 2) return { summary: '', perSide, same: true };

  const one = (s: SideData, f: (m: MachineSnapshot) => string): string =>
    distinct(s.machines.map(f)).length === 1 ? f(s.machines[0]!) : `${s.letter}: ${s.machines.length} machines`;
  const parts: string[] = [];
  const cores = withMachines.map((s) =>
    one(s, (m) => {
      const logical = `${m.logicalCores} ${m.logicalCores === 1 ? 'core' : 'cores'}`;
      return m.physicalCores === m.logicalCores ? logical : `${logical} (${m.physicalCores} physical)`;
    }),
  );
  if (distinct(cores).length > 1) parts.push(vs(cores));
  const cpus = distinct(withMachines.flatMap((s) => s.machines.map((m) => m.cpuModel)));
  if (cpus.length > 1) parts.push('different CPU model');
  const memory = withMachines.map((s) => one(s, (m) => formatBytes(m.memoryBytes)));
  if (distinct(memory).length > 1) parts.push(`memory ${vs(memory)}`);
  if (distinct(withMachines.flatMap((s) => s.machines.map(osLine))).length > 1) parts.push('different OS');
  const synthetic = withMachines.filter((s) => s.machines.some((m) => m.loadSource === 'synthetic'));
  if (synthetic.length > 0) {
    parts.push(`${synthetic.map((s) => s.letter).join(' and ')}: synthetic core loads`);
  }
  const versions = distinct(withMachines.flatMap((s) => s.apps.map((a) => a.version)));
  if (versions.length > 1) parts.push(`GIL Lab ${vs(versions)}`);
  const several = withMachines.filter((s) => s.machines.length > 1);
  for (const s of several) parts.push(`${s.letter} ran on ${s.machines.length} machines`);

  return parts.length === 0
    ? { summary: 'Same machine facts on every side.', perSide, same: true }
    : { summary: parts.join('; '), perSide, same: false };
}
