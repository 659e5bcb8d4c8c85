import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TeacherView } from '../../../shared/class-contract';
import type { EventPayload } from '../../../shared/contract';
import type { Measurement, RoundNaming } from '../../../shared/measurement';
import { LaneRecorder } from '../../../shared/lanes';
import { FollowerTransport, type FollowEnd } from '../transport/follower-transport';
import { useTransport } from '../transport/transport';

/** A run as a follower saw it stream: the lanes of its latest round, and its result once it ends. */
export interface FollowedRun {
  runId: string;
  recorder: LaneRecorder | null;
  mode: string | null;
  /** What its latest round said its lanes are named for, if it said. */
  naming: RoundNaming;
  measurement: Measurement | null;
  finished: boolean;
}

/** Runs a follower keeps to scrub, as the teacher's server keeps for late joiners. */
const KEPT_RUNS = 4;

/**
 * A student's view of the teacher's machine: every run the server streams (the run so far on
 * joining, then live), the gauge's last reading and what the teacher shows. Read-only: nothing
 * here asks the engine to do anything.
 */
export const useFollowStore = defineStore('follow', () => {
  const transport = useTransport();
  const runs = shallowRef<FollowedRun[]>([]);
  const version = ref(0);
  const liveLoad = shallowRef<EventPayload<'run:load-measured'> | null>(null);
  const teacherView = shallowRef<TeacherView | null>(null);
  /** Set once following is over for good: the page says why and stops waiting for the teacher. */
  const ended = ref<FollowEnd | null>(null);
  let started = false;

  function run(runId: string): FollowedRun {
    let found = runs.value.find((r) => r.runId === runId);
    if (!found) {
      found = { runId, recorder: null, mode: null, naming: {}, measurement: null, finished: false };
      runs.value = [...runs.value, found].slice(-KEPT_RUNS);
    }
    return found;
  }

  function onProgress(batch: EventPayload<'run:progressed'>): void {
    const r = run(batch.runId);
    for (const e of batch.events) {
      if (e.type === 'round-started') {
        r.recorder = new LaneRecorder(e.lanes, e.t, e.gilLane);
        r.mode = e.mode ?? r.mode;
        r.naming = { backend: e.backend, threadMethod: e.threadMethod };
      } else r.recorder?.push(e);
    }
    version.value++;
  }

  function onFinished(done: EventPayload<'run:finished'>): void {
    const r = run(done.runId);
    r.measurement = done.measurement;
    r.mode = done.measurement?.params.mode ?? r.mode;
    r.finished = true;
    liveLoad.value = null;
    runs.value = [...runs.value];
    version.value++;
  }

  function start(): void {
    if (started) return;
    started = true;
    transport.subscribe('run:progressed', onProgress);
    transport.subscribe('run:finished', onFinished);
    transport.subscribe('run:load-measured', (load) => (liveLoad.value = load));
    transport.subscribe('class:teacher-view', (view) => (teacherView.value = view));
    if (transport instanceof FollowerTransport) transport.onEnded((why) => (ended.value = why));
  }

  return { runs, version, liveLoad, teacherView, ended, start };
});
