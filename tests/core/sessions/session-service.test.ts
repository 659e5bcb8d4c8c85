import { describe, expect, it } from 'vitest';
import type { RunPlan, RunStarted } from '../../../src/core/run/run-manager';
import type { ValidRunParams } from '../../../src/core/run/run-params';
import { SessionService, type RunKept } from '../../../src/core/sessions/session-service';
import { SessionStore } from '../../../src/core/sessions/session-store';
import { SYNTHETIC_APP, syntheticMachine, syntheticMeasurement } from '../../../src/core/sessions/synthetic-session';
import { Listeners } from '../../../src/core/util/listeners';
import type { EventPayload } from '../../../src/shared/contract';
import type { CoreSample } from '../../../src/shared/schemas';
import { useTempDirs } from './helpers';

/** The run events RunManager sends, sent by hand: what a SessionService hears of a run. */
function runEvents() {
  return {
    started: new Listeners<RunStarted>(),
    progressed: new Listeners<EventPayload<'run:progressed'>>(),
    finished: new Listeners<EventPayload<'run:finished'>>(),
  };
}

const monitor = {
  onSample: (_listener: (sample: CoreSample) => void) => () => {},
  machineInfo: () => Promise.resolve({ loadSource: 'synthetic' as const }),
};

describe('SessionService, following runs', () => {
  const tempDir = useTempDirs();

  async function service() {
    const store = await SessionStore.open(tempDir());
    const sessions = new SessionService({
      dataDir: store,
      app: SYNTHETIC_APP,
      monitor,
      readMachine: () => Promise.resolve(syntheticMachine(2)),
    });
    const kept: RunKept[] = [];
    sessions.kept.add((k) => kept.push(k));
    return { store, sessions, kept };
  }

  async function oneRun(runs: ReturnType<typeof runEvents>, runId: string, plan: Partial<RunPlan> = {}) {
    const measurement = syntheticMeasurement(2);
    runs.started.emit({
      runId,
      plan: { params: measurement.params as ValidRunParams, repeat: 1, baseline: false, ...plan },
    });
    const t = Date.now();
    runs.progressed.emit({
      runId,
      phase: 'run',
      round: 0,
      events: [
        { type: 'round-started', lanes: 3, gilLane: true, t },
        { type: 'task-started', task: 0, worker: 2, t: t + 1 },
        { type: 'worker-state', worker: 2, state: 'running', t: t + 1 },
      ],
    });
    runs.finished.emit({ runId, measurement, error: null });
  }

  it('keeps each finished run in the current session, with the rounds it announced, and says where', async () => {
    const { store, sessions, kept } = await service();
    const runs = runEvents();
    sessions.follow(runs);
    await oneRun(runs, 'run-a');
    await sessions.close();
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ runId: 'run-a', error: null, session: { runs: 1, saved: true } });
    const doc = store.get(kept[0]!.session!.id);
    expect(doc.runs[0]!.timeline!.segments).toEqual([
      { phase: 'run', round: 0, lanes: 3, gilLane: true, t0Ms: expect.any(Number) },
    ]);
  });

  it('keeps a run in the session its start named, leaving the current one alone', async () => {
    const { store, sessions, kept } = await service();
    const named = await store.create('Lesson 1');
    await store.setCurrent(null);
    const runs = runEvents();
    sessions.follow(runs);
    await oneRun(runs, 'run-b', { sessionId: named.id });
    await sessions.close();
    expect(kept[0]!.session).toMatchObject({ id: named.id, name: 'Lesson 1', runs: 1 });
    expect(store.current).toBeNull();
  });

  it('records nothing once it stops following', async () => {
    const { store, sessions, kept } = await service();
    const runs = runEvents();
    sessions.follow(runs)();
    await oneRun(runs, 'run-c');
    await sessions.close();
    expect(kept).toEqual([]);
    expect(store.list().sessions).toEqual([]);
  });
});
