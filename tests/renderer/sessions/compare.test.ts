import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { compareLines, machineDifferences, type SideData } from '../../../src/renderer/src/lib/session-compare';
import { sessionRows } from '../../../src/renderer/src/lib/session-runs';
import { useSessionCompare } from '../../../src/renderer/src/stores/session-compare';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { SYNTHETIC_APP } from '../../../src/core/sessions/synthetic-session';
import type { SessionStore } from '../../../src/core/sessions/session-store';
import { SESSION_SCHEMA_VERSION, type SessionDocument, type SessionRun } from '../../../src/shared/session';
import { lessonSession, machine, mountSessions, savedRun, sessionBackend, stopped, tagged, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function side(letter: string, doc: SessionDocument, pick?: number[]): SideData {
  const rows = sessionRows(doc).filter((r) => !pick || pick.includes(r.index));
  const runs = doc.runs.filter((_, i) => !pick || pick.includes(i + 1));
  return {
    letter,
    name: doc.name,
    rows,
    machines: [...new Map(runs.map((r) => [JSON.stringify(r.machine), r.machine])).values()],
    apps: [...new Map(runs.map((r) => [JSON.stringify(r.app), r.app])).values()],
  };
}

describe('matching runs across sides', () => {
  it('matches the same lesson step on two machines whatever the pool size, and divides by side A', async () => {
    const { store } = await sessionBackend();
    const a = store.get(
      await lessonSession(store, 'Laptop', machine(4), { sequential: 1000, gil: 1040, processes: 260 }),
    );
    const b = store.get(
      await lessonSession(store, 'Workstation', machine(32, 'Big CPU'), { sequential: 800, gil: 840, processes: 40 }),
    );
    const lines = compareLines([side('A', a), side('B', b)]);
    expect(lines.map((l) => l.label)).toEqual([
      'CPU-bound sums · One thread (sequential)',
      'CPU-bound sums · Threads, with the GIL',
      'CPU-bound sums · Processes',
    ]);
    const processes = lines[2]!;
    expect(processes.cells.map((c) => c?.row.workers)).toEqual([4, 32]);
    expect(processes.wallRatio).toEqual([null, 40 / 260]);
    expect(processes.busyRatio[1]).toBeCloseTo((32 * 0.9) / (4 * 0.9));
    expect(lines[0]!.wallRatio[1]).toBeCloseTo(0.8);
  });

  it('splits by pool size only where one side swept it, and takes the latest of repeats', async () => {
    const { store } = await sessionBackend();
    const { id } = await store.create('Sweep');
    const p = { workload: 'cpu' as const, mode: 'processes' as const, tasks: 8, taskMs: 250 };
    for (const [workers, wall] of [
      [1, 2000],
      [2, 1000],
      [2, 990],
    ] as const) {
      await store.appendRun(id, savedRun({ ...p, workers }, [wall]));
    }
    const lines = compareLines([side('A', store.get(id)), side('B', store.get(id), [3])]);
    expect(lines.map((l) => l.label)).toEqual([
      'CPU-bound sums · Processes, 1 worker',
      'CPU-bound sums · Processes, 2 workers',
    ]);
    expect(lines[1]!.cells.map((c) => [c?.row.index, c?.matched])).toEqual([
      [3, 2],
      [3, 1],
    ]);
    expect(lines[0]!.cells[1]).toBeNull();
    expect(lines[0]!.wallRatio).toEqual([null, null]);
  });

  it('keeps GIL runs at different switch intervals apart, and still finds their sequential run', async () => {
    const { store } = await sessionBackend();
    const { id } = await store.create('Intervals');
    const p = { workload: 'cpu' as const, tasks: 4, taskMs: 250 };
    await store.appendRun(id, savedRun({ ...p, mode: 'sequential', workers: 1 }, [1000]));
    await store.appendRun(id, savedRun({ ...p, mode: 'threads-gil', workers: 4, switchIntervalMs: 5 }, [1100]));
    await store.appendRun(id, savedRun({ ...p, mode: 'threads-gil', workers: 4, switchIntervalMs: 0.5 }, [1250]));
    const rows = sessionRows(store.get(id));
    expect(new Set(rows.map((r) => r.kind)).size).toBe(3);
    expect(rows.map((r) => r.speedup && [r.speedup.basis, r.speedup.fromRun])).toEqual([
      ['derived', 1],
      ['derived', 1],
      ['derived', 1],
    ]);
    expect(rows[2]!.speedup!.value).toBeCloseTo(0.8);
  });
});

describe('machine differences', () => {
  const doc = (name: string, m: ReturnType<typeof machine>, app = SYNTHETIC_APP): SessionDocument => ({
    format: 'gil-lab-session',
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: name.toLowerCase(),
    name,
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    imported: null,
    runs: [{ ...savedRun({ workload: 'cpu', mode: 'sequential', workers: 1 }, [1000], m), app }],
  });

  it('names the core counts first, then CPU model, memory, OS, synthetic loads and versions', () => {
    const small = machine(2, 'AMD EPYC');
    const big = {
      ...machine(32, 'Intel Xeon'),
      physicalCores: 16,
      memoryBytes: 64 * 1024 ** 3,
      os: { platform: 'win32', distro: 'Windows', release: '11', arch: 'x64' },
      loadSource: 'synthetic' as const,
    };
    const d = machineDifferences([
      side('A', doc('Laptop', small)),
      side('B', doc('Workstation', big, { ...SYNTHETIC_APP, version: '0.2.0' })),
    ]);
    expect(d.same).toBe(false);
    expect(d.summary).toBe(
      '2 cores vs 32 cores (16 physical); different CPU model; memory 16 GiB vs 64 GiB; different OS; B: synthetic core loads; GIL Lab 0.1.0 vs 0.2.0',
    );
    expect(d.perSide[1]!.lines[0]).toBe(
      'Intel Xeon, 3.00 GHz, 32 logical cores (16 physical), 64 GiB memory, Windows 11 x64; synthetic core loads (a preview, not measured)',
    );
  });

  it('says when the machines are the same', () => {
    const d = machineDifferences([side('A', doc('One', machine(4))), side('B', doc('Two', machine(4)))]);
    expect(d).toMatchObject({ same: true, summary: 'Same machine facts on every side.' });
  });
});

describe('the compare view', () => {
  it('shows the machine note, a chart, and a table of ratios for two sessions', async () => {
    const backend = await sessionBackend();
    const a = await lessonSession(backend.store, 'Laptop', machine(4), { sequential: 1000, gil: 1040, processes: 260 });
    const b = await lessonSession(backend.store, 'Workstation', machine(32, 'Big CPU'), {
      sequential: 800,
      gil: 840,
      processes: 40,
    });
    const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const sessions = useSessionLibrary(pinia);
    await until(() => sessions.sessions.length === 2);
    useSessionCompare(pinia).compare([a, b]);
    await until(() => wrapper.find('table.ratios').exists());
    expect(wrapper.find('.compare__summary').text()).toBe('4 cores vs 32 cores; different CPU model');
    expect(wrapper.find('figure.runs-chart').attributes('aria-labelledby')).toBeTruthy();
    expect(wrapper.findAll('.runs-chart__legend li').map((li) => li.text())).toEqual(['A Laptop', 'B Workstation']);
    const head = wrapper.findAll('table.ratios thead th').map((th) => th.text());
    expect(head).toEqual(['Run', 'A: Laptop', 'B: Workstation', 'Time B ÷ A', 'Busy cores B ÷ A']);
    const processes = wrapper.findAll('table.ratios tbody tr')[2]!;
    expect(processes.find('th').text()).toBe('CPU-bound sums · Processes');
    expect(processes.find('[data-side="A"]').text()).toContain('0.260 s');
    expect(processes.find('[data-side="B"]').text()).toContain('32 workers');
    expect(processes.find('[data-ratio="time-B"]').text()).toBe('0.15×less time');

    // Narrow side B to its sequential run only: the other rows lose their B figures.
    const runsB = wrapper.findAll('fieldset.side')[1]!;
    const boxes = runsB.findAll('input[type="checkbox"]');
    await boxes[1]!.setValue(false);
    await boxes[2]!.setValue(false);
    expect(runsB.find('summary').text()).toBe('Runs: 1 of 3 runs');
    const after = wrapper.findAll('table.ratios tbody tr');
    expect(after[2]!.find('[data-side="B"]').text()).toBe('no such run');
    expect(after[0]!.find('[data-ratio="time-B"]').text()).toBe('0.80×less time');
  });
});

describe('matching a lesson’s runs by lesson, go and step', () => {
  const CONVOY = (interval: number) =>
    `Switch interval ${interval} ms, CPU-bound threads beside it 2, Length of each run 2 s`;
  /** One go of the convoy lesson at `interval` ms: the I/O loop alone, then beside 1 and 2 CPU threads. */
  function convoyGo(go: number, interval: number, on: ReturnType<typeof machine>, wallMs = 2000): SessionRun[] {
    return [0, 1, 2].map((k) =>
      tagged(
        savedRun(
          {
            workload: 'convoy',
            mode: 'threads-gil',
            workers: k + 1,
            tasks: k + 1,
            taskMs: 2000,
            switchIntervalMs: interval,
          },
          [wallMs + k],
          on,
        ),
        { lesson: 'convoy', go, step: `cpu${k}`, settings: CONVOY(interval) },
      ),
    );
  }
  async function sessionOf(store: SessionStore, name: string, runs: SessionRun[]): Promise<SessionDocument> {
    const { id } = await store.create(name);
    for (const run of runs) await store.appendRun(id, run);
    return store.get(id);
  }
  const STEPS = ['I/O loop alone', 'Beside 1 CPU thread', 'Beside 2 CPU threads'].map(
    (s) => `The convoy effect and the switch interval · ${s}`,
  );

  it('lines up two machines’ convoy goes at different switch intervals, step by step', async () => {
    const { store } = await sessionBackend();
    const a = await sessionOf(store, 'Laptop', convoyGo(1, 5, machine(4)));
    const b = await sessionOf(store, 'Workstation', convoyGo(1, 1, machine(32, 'Big CPU'), 2100));
    const lines = compareLines([side('A', a), side('B', b)]);
    expect(lines.map((l) => l.label)).toEqual(STEPS);
    expect(lines.map((l) => l.cells.map((c) => c?.row.index))).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(lines[0]!.wallRatio[1]).toBeCloseTo(2100 / 2000);
  });

  it('sets one session’s first go against its second, each side choosing its go', async () => {
    const { store } = await sessionBackend();
    const doc = await sessionOf(store, 'Convoy', [...convoyGo(1, 5, machine(4)), ...convoyGo(2, 1, machine(4), 1500)]);
    const lines = compareLines([side('A', doc, [1, 2, 3]), side('B', doc, [4, 5, 6])]);
    expect(lines.map((l) => l.label)).toEqual(STEPS);
    expect(lines.map((l) => l.cells.map((c) => c?.row.index))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it('splits by the go’s settings where a side holds several goes, so the same settings line up', async () => {
    const { store } = await sessionBackend();
    const a = await sessionOf(store, 'Laptop', [...convoyGo(1, 5, machine(4)), ...convoyGo(2, 1, machine(4))]);
    // The other room ran the goes the other way round.
    const b = await sessionOf(store, 'Lab', [...convoyGo(1, 1, machine(8)), ...convoyGo(2, 5, machine(8))]);
    const lines = compareLines([side('A', a), side('B', b)]);
    // Only the setting that tells the goes apart is named.
    expect(lines.map((l) => l.label)).toEqual([
      ...STEPS.map((s) => `${s} (Switch interval 5 ms)`),
      ...STEPS.map((s) => `${s} (Switch interval 1 ms)`),
    ]);
    expect(lines[0]!.short).toBe('I/O loop alone (Switch interval 5 ms)');
    expect(lines.map((l) => l.cells.map((c) => c?.row.index))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
  });

  it('never matches a stopped run, and keeps runs made outside a lesson apart from a lesson’s', async () => {
    const { store } = await sessionBackend();
    const [alone, one, two] = convoyGo(1, 5, machine(4));
    const a = await sessionOf(store, 'Laptop', [alone!, stopped(one!, 'cancelled', 800), two!]);
    const b = await sessionOf(store, 'Workstation', [
      ...convoyGo(1, 5, machine(8)),
      { ...convoyGo(1, 5, machine(8))[0]!, tag: null },
    ]);
    const lines = compareLines([side('A', a), side('B', b)]);
    expect(lines.map((l) => [l.label, l.cells.map((c) => c?.row.index ?? null)])).toEqual([
      [STEPS[0], [1, 1]],
      [STEPS[2], [3, 3]],
      [STEPS[1], [null, 2]],
      ['Convoy: I/O beside CPU threads · Threads, with the GIL', [null, 4]],
    ]);
  });

  it('lets a side choose its goes in the view, and reads a session again when a run is taken out', async () => {
    const backend = await sessionBackend();
    const doc = await sessionOf(backend.store, 'Convoy', [
      ...convoyGo(1, 5, machine(4)),
      ...convoyGo(2, 1, machine(4), 1500),
    ]);
    const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const sessions = useSessionLibrary(pinia);
    await until(() => sessions.sessions.length === 1);
    useSessionCompare(pinia).compare([doc.id]);
    await until(() => wrapper.find('table.ratios').exists());
    const labels = () => wrapper.findAll('table.ratios tbody th').map((th) => th.text());
    // Both goes on both sides: a line per go.
    expect(labels()).toHaveLength(6);

    const [sideA, sideB] = wrapper.findAll('fieldset.side');
    const goBoxes = (s: typeof sideA) => s!.findAll('.side__go input');
    expect(sideA!.findAll('.side__go').map((g) => g.text().replace(/\s+/g, ' '))).toEqual([
      `The convoy effect and the switch interval, go 1: ${CONVOY(5)}`,
      `The convoy effect and the switch interval, go 2: ${CONVOY(1)}`,
    ]);
    await goBoxes(sideA)[1]!.setValue(false);
    await goBoxes(sideB)[0]!.setValue(false);
    expect(sideA!.find('summary').text()).toBe('Runs: 3 of 6 runs');
    expect(labels()).toEqual(STEPS);
    const times = () => wrapper.findAll('[data-ratio="time-B"] .ratios__main').map((c) => c.text());
    expect(times()).toEqual(['0.75×', '0.75×', '0.75×']);

    // A run taken out of the session (here, by the engine) leaves its line without it.
    await backend.store.removeRun(doc.id, doc.runs[5]!.id);
    await until(() => wrapper.findAll('[data-side="B"]')[2]?.text() === 'no such run');
    expect(times()).toEqual(['0.75×', '0.75×', '—']);
    // Side B's choice counts only the runs the session still holds.
    expect(sideB!.find('summary').text()).toBe('Runs: 2 of 5 runs');
  });
});
