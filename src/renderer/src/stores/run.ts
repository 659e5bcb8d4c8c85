import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { EventPayload } from '../../../shared/contract';
import type { Measurement, RoundNaming, StartRunRequest } from '../../../shared/measurement';
import { LaneRecorder } from '../../../shared/lanes';
import { useTransport } from '../transport/transport';
import { useMonitorStore } from './monitor';

export type RunStatus = 'idle' | 'starting' | 'running' | 'cancelling';

export interface RunOutcome {
  measurement: Measurement | null;
  error: string | null;
}

/**
 * One experiment at a time, as the engine allows: starts it, follows its progress events into
 * worker lanes, and resolves with the measurement. Lanes are rebuilt for each round, so the view
 * always shows the round that is running, and after the run the last measured one.
 */
export const useRunStore = defineStore('run', () => {
  const transport = useTransport();

  const status = ref<RunStatus>('idle');
  const runId = ref<string | null>(null);
  const request = shallowRef<StartRunRequest | null>(null);
  const phase = ref<'baseline' | 'run'>('run');
  const round = ref(0);
  const done = ref(0);
  const total = ref(0);
  const startedAt = ref<number | null>(null);
  const elapsedMs = ref(0);
  const recorder = shallowRef<LaneRecorder | null>(null);
  /** What the running round said its lanes are named for: the engine knows how it measures them. */
  const naming = shallowRef<RoundNaming>({});
  /** Bumped when the recorder takes events; components redraw from it, not from deep reactivity. */
  const laneVersion = ref(0);
  const laneNowMs = ref(0);
  const lastError = ref<string | null>(null);
  /** The running round's CPU ÷ wall so far, as the engine reads it from the OS. */
  const liveLoad = shallowRef<EventPayload<'run:load-measured'> | null>(null);

  const running = computed(() => status.value !== 'idle');
  const progress = computed(() => (total.value > 0 ? done.value / total.value : 0));

  let pending: { resolve: (outcome: RunOutcome) => void } | null = null;
  let laneKey = '';
  let laneT0 = 0;
  let ticker: ReturnType<typeof setInterval> | null = null;
  const stops: (() => void)[] = [];

  function onProgress(batch: EventPayload<'run:progressed'>): void {
    if (batch.runId !== runId.value) return;
    status.value = status.value === 'cancelling' ? 'cancelling' : 'running';
    const key = `${batch.phase}:${batch.round}`;
    if (key !== laneKey) {
      laneKey = key;
      phase.value = batch.phase;
      round.value = batch.round;
      done.value = 0;
      liveLoad.value = null;
      pendingLoad = null;
    }
    for (const e of batch.events) {
      if (e.type === 'round-started') {
        // The engine says what the round's lanes are; the view draws exactly those.
        laneT0 = e.t;
        recorder.value = new LaneRecorder(e.lanes, e.t, e.gilLane);
        naming.value = { backend: e.backend, threadMethod: e.threadMethod };
        laneNowMs.value = 0;
        continue;
      }
      if (e.type === 'task-finished') {
        done.value = e.done;
        total.value = e.total;
      }
      recorder.value?.push(e);
    }
    scheduleLaneBump();
  }

  // Hundreds of state changes a second arrive during a GIL run. The recorder takes each one,
  // but views hear about them on the ticker, with the elapsed time: one repaint per tick for
  // everything a run changes, rather than one per batch and one per timer.
  let lanesChanged = false;
  function scheduleLaneBump(): void {
    lanesChanged = true;
  }

  // Held for the next tick, like the lanes, so the gauge changes in a frame already being drawn.
  let pendingLoad: EventPayload<'run:load-measured'> | null = null;
  function onLoad(load: EventPayload<'run:load-measured'>): void {
    if (load.runId === runId.value) pendingLoad = load;
  }

  function onFinished(event: EventPayload<'run:finished'>): void {
    if (event.runId !== runId.value) return;
    recorder.value?.finish(Date.now());
    tick();
    laneVersion.value += 1;
    stopTicker();
    status.value = 'idle';
    runId.value = null;
    lastError.value = event.error;
    const settle = pending;
    pending = null;
    settle?.resolve({ measurement: event.measurement, error: event.error });
  }

  // A tick rides on each monitor sample, so the tiles, the elapsed time and the lanes change in
  // one task and Chromium draws one frame for all of them; the timer only fills the gaps when
  // the monitor samples slower than ten times a second.
  const TICK_MS = 100;
  let lastTick = -Infinity;
  const monitor = useMonitorStore();
  watch(
    () => monitor.sample,
    () => {
      if (ticker) tick();
    },
    { flush: 'sync' },
  );

  function tick(): void {
    lastTick = performance.now();
    if (startedAt.value !== null) elapsedMs.value = performance.now() - startedAt.value;
    if (recorder.value) laneNowMs.value = Math.max(0, Date.now() - laneT0);
    if (lanesChanged) {
      lanesChanged = false;
      laneVersion.value += 1;
    }
    if (pendingLoad) {
      liveLoad.value = pendingLoad;
      pendingLoad = null;
    }
  }

  function stopTicker(): void {
    if (ticker) clearInterval(ticker);
    ticker = null;
  }

  function listen(): void {
    if (stops.length) return;
    stops.push(
      transport!.subscribe('run:progressed', onProgress),
      transport!.subscribe('run:load-measured', onLoad),
      transport!.subscribe('run:finished', onFinished),
    );
  }

  /** Runs one experiment to the end. Resolves with its measurement, or with why there is none. */
  async function run(next: StartRunRequest): Promise<RunOutcome> {
    if (running.value) return { measurement: null, error: 'Another run is still going.' };
    listen();
    request.value = next;
    status.value = 'starting';
    done.value = 0;
    total.value = next.params.tasks;
    laneKey = '';
    recorder.value = null;
    naming.value = {};
    liveLoad.value = null;
    pendingLoad = null;
    lastError.value = null;
    startedAt.value = performance.now();
    elapsedMs.value = 0;
    ticker = setInterval(() => {
      if (performance.now() - lastTick >= 0.8 * TICK_MS) tick();
    }, TICK_MS);
    const outcome = new Promise<RunOutcome>((resolve) => (pending = { resolve }));
    try {
      const { runId: id } = await transport!.invoke('run:start', next);
      runId.value = id;
    } catch (e) {
      stopTicker();
      status.value = 'idle';
      const message = (e as Error).message;
      lastError.value = message;
      pending = null;
      return { measurement: null, error: message };
    }
    return outcome;
  }

  async function cancel(): Promise<void> {
    const id = runId.value;
    if (!id || status.value === 'cancelling') return;
    status.value = 'cancelling';
    try {
      await transport!.invoke('run:cancel', { runId: id });
    } catch (e) {
      lastError.value = `Could not stop the run: ${(e as Error).message}`;
    }
  }

  function dispose(): void {
    stopTicker();
    for (const stop of stops.splice(0)) stop();
  }

  return {
    status,
    runId,
    request,
    phase,
    round,
    done,
    total,
    progress,
    elapsedMs,
    recorder,
    naming,
    laneVersion,
    laneNowMs,
    lastError,
    liveLoad,
    running,
    run,
    cancel,
    dispose,
  };
});
