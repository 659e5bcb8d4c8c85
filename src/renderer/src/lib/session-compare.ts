import type { AppInfo } from '../../../shared/schemas';
import type { MachineSnapshot, SessionDocument } from '../../../shared/session';
import { lessonTitle } from './session-lessons';
import { formatBytes, sessionRows, type RunRow } from './session-runs';

/**
 * Sessions, or chosen runs of them, side by side. A lesson's runs are matched by lesson and step
 * (the same step on two machines, or in two goes at different settings), whatever else the go
 * changed; only where one side holds the step in several goes does the go's settings become part
 * of the match, so goes with the same settings line up. Runs made outside a lesson are matched
 * by experiment and mode; pool sizes may differ between sides, as they do when a lesson sizes its
 * pool to the machine, and are shown in each cell, and only where one side holds the same run at
 * several pool sizes (a sweep) does the pool size become part of the match. Stopped runs have no
 * result, so they are never matched.
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
  /** The label without the lesson's title, for under a bar. */
  short: string;
  cells: (CompareCell | null)[];
  /** Each side's median wall time ÷ side A's; null for side A and where either is missing. */
  wallRatio: (number | null)[];
  /** Each side's busy cores ÷ side A's. */
  busyRatio: (number | null)[];
}

/** Each distinct value once, in order of first appearance. */
function distinctValues<T>(items: readonly T[]): T[] {
  return [...new Map(items.map((x) => [JSON.stringify(x), x])).values()];
}

/**
 * A side as compared: its chosen runs (null: all of them) that finished, and the machines and
 * GIL Lab versions they ran on. A stopped run has no result to set against another side's.
 */
export function sideData(letter: string, name: string, doc: SessionDocument | null, runIds: string[] | null): SideData {
  if (!doc) return { letter, name, rows: [], machines: [], apps: [] };
  const rows = sessionRows(doc).filter((r) => !r.stopped && (runIds === null || runIds.includes(r.id)));
  const chosen = new Set(rows.map((r) => r.id));
  const runs = doc.runs.filter((r) => chosen.has(r.id));
  return {
    letter,
    name,
    rows,
    machines: distinctValues(runs.map((r) => r.machine)),
    apps: distinctValues(runs.map((r) => r.app)),
  };
}

export function sideLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `S${i + 1}`;
}

/** What a run is matched on before any split: its lesson and step, or its experiment and mode. */
function matchKey(r: RunRow): string {
  return r.tag ? `lesson:${r.tag.lesson}|step:${r.tag.step}` : r.kind;
}

/** What splits a match where one side holds it more than once: the go's settings, or the pool size. */
function splitBy(r: RunRow): string {
  if (!r.tag) return `w${r.workers}`;
  return r.tag.settings ? `settings:${r.tag.settings}` : `go:${r.tag.go}`;
}

/**
 * Of the settings of the goes a step was split by, the ones that tell them apart: "Switch
 * interval 1 ms" rather than every slider of the go.
 */
function settingsApart(all: readonly string[]): Map<string, string> {
  const parts = all.map((s) => s.split(', '));
  const shared = parts[0]!.filter((p) => parts.every((q) => q.includes(p)));
  return new Map(all.map((s, i) => [s, parts[i]!.filter((p) => !shared.includes(p)).join(', ') || s]));
}

/** A lesson's step by its name in the lesson, else the run's workload and mode. */
function lineLabel(r: RunRow, split: boolean, apart: Map<string, string>): { label: string; short: string } {
  if (r.tag) {
    const go = split ? ` (${apart.get(r.tag.settings) || `go ${r.tag.go}`})` : '';
    const step = `${r.step ?? r.label}${go}`;
    return { label: `${lessonTitle(r.tag.lesson)} · ${step}`, short: step };
  }
  const label = split ? `${r.label}, ${r.workers} ${r.workers === 1 ? 'worker' : 'workers'}` : r.label;
  return { label, short: label };
}

export function compareLines(sides: SideData[]): CompareLine[] {
  const rowsOf = sides.map((side) => side.rows.filter((r) => !r.stopped));
  // A match is split only where some side holds it in more than one go, or at more than one pool size.
  const split = new Set<string>();
  for (const rows of rowsOf) {
    const ways = new Map<string, Set<string | number>>();
    for (const r of rows) {
      const set = ways.get(matchKey(r)) ?? new Set<string | number>();
      set.add(r.tag ? r.tag.go : r.workers);
      ways.set(matchKey(r), set);
    }
    for (const [key, set] of ways) if (set.size > 1) split.add(key);
  }
  const keyOf = (r: RunRow): string => (split.has(matchKey(r)) ? `${matchKey(r)}|${splitBy(r)}` : matchKey(r));

  const settings = new Map<string, Set<string>>();
  for (const r of rowsOf.flat()) {
    if (r.tag && split.has(matchKey(r)))
      settings.set(matchKey(r), (settings.get(matchKey(r)) ?? new Set()).add(r.tag.settings));
  }
  const order: { key: string; label: string; short: string }[] = [];
  const seen = new Set<string>();
  for (const rows of rowsOf) {
    for (const r of rows) {
      const key = keyOf(r);
      if (seen.has(key)) continue;
      seen.add(key);
      const apart = settingsApart([...(settings.get(matchKey(r)) ?? [''])]);
      order.push({ key, ...lineLabel(r, split.has(matchKey(r)), apart) });
    }
  }

  return order.map(({ key, label, short }) => {
    const cells = rowsOf.map((rows): CompareCell | null => {
      const matching = rows.filter((r) => keyOf(r) === key);
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
      short,
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
