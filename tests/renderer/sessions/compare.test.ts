import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { compareLines, machineDifferences, type SideData } from '../../../src/renderer/src/lib/session-compare';
import { sessionRows } from '../../../src/renderer/src/lib/session-runs';
import { useSessionCompare } from '../../../src/renderer/src/stores/session-compare';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { SYNTHETIC_APP } from '../../../src/core/sessions/synthetic-session';
import { SESSION_SCHEMA_VERSION, type SessionDocument } from '../../../src/shared/session';
import { lessonSession, machine, mountSessions, savedRun, sessionBackend, until } from './support';

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
