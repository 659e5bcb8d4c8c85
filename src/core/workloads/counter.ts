import { z } from 'zod';
import { MODE_TRAITS } from '../../shared/modes';
import { COUNTER_VARIANTS } from '../../shared/vocabulary';
import type { ValidRunParams } from '../run/run-params';
import { incrementCounter, incrementSharedValue } from './counter-kernels';
import { createSharedValue, SharedValue } from './shared-value';
import { taskKind } from './task-kind';
import type { WorkloadDescriptor, WorkloadPlan } from './workload';

/** `x += 1`, `times` times, on a counter shared by the run's threads or by processes. */
export const counterTask = taskKind({
  name: 'counter',
  schema: z
    .object({
      workload: z.literal('counter'),
      times: z.number().int().positive(),
      variant: z.enum(COUNTER_VARIANTS),
      /** Shared with every thread of the run; absent in a process, which counts its own copy. */
      cell: z.instanceof(SharedArrayBuffer).optional(),
      lock: z.instanceof(SharedArrayBuffer).optional(),
      /** Processes with shared memory: the files of a multiprocessing.Value and its lock. */
      shared: z
        .object({ value: z.string().min(1), lock: z.string().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  run: (spec, ctx) => {
    if (spec.shared) {
      const value = new SharedValue(spec.shared);
      try {
        return incrementSharedValue(value, spec.times, spec.variant, ctx);
      } finally {
        value.close();
      }
    }
    const cell = new Int32Array(spec.cell ?? new SharedArrayBuffer(4));
    const lock = new Int32Array(spec.lock ?? new SharedArrayBuffer(4));
    incrementCounter({ cell, lock }, spec.times, spec.variant, ctx);
    // A process without shared memory reports its private copy; threads report the shared value.
    return cell[0]!;
  },
});

/**
 * Long enough that each task spans several switch intervals, as the articles' loops do in
 * CPython; a task shorter than one interval would never be interrupted at all.
 */
const THREAD_INCREMENTS = 1_000_000;

export const counter: WorkloadDescriptor = {
  id: 'counter',
  kinds: [counterTask],
  plan: (params, tools) => {
    if (params.mode === 'processes' && params.sharedMemory) return sharedValueCounter(params);
    const times = THREAD_INCREMENTS;
    const cell = tools.sharedMemory ? new SharedArrayBuffer(4) : undefined;
    const lock = tools.sharedMemory ? new SharedArrayBuffer(4) : undefined;
    const spec = { workload: 'counter', times, variant: params.counterVariant, cell, lock };
    return {
      specs: Array.from({ length: params.tasks }, () => spec),
      shown: { workload: 'counter', times, variant: params.counterVariant },
      targetMs: null,
      check: (tasks) => {
        const expected = times * params.tasks;
        // Threads share one counter; a process or an interpreter counted its own copy,
        // and the parent's counter never moved. What each process sends back with its result
        // (as a multiprocessing.Queue would carry it) still adds up.
        const final = cell ? new Int32Array(cell)[0]! : 0;
        const returned = cell
          ? undefined
          : tasks.reduce((sum, t) => sum + (typeof t.result === 'number' ? t.result : 0), 0);
        return {
          ok: true,
          note: cell
            ? `${expected - final} of ${expected} updates lost`
            : `each ${MODE_TRAITS[params.mode].worker.toLowerCase()} counted its own copy; the parent still sees 0`,
          counter: { expected, final, lost: expected - final, ...(returned === undefined ? {} : { returned }) },
        };
      },
    };
  },
};

/**
 * The counter in processes sharing a multiprocessing.Value (see shared-value.ts). Every access
 * is a system call, about a hundred times slower than a thread's, so each task does a tenth of
 * the increments: still hundreds of thousands of races between processes.
 */
function sharedValueCounter(params: ValidRunParams): WorkloadPlan {
  const times = THREAD_INCREMENTS / 10;
  const value = createSharedValue();
  const spec = { workload: 'counter', times, variant: params.counterVariant, shared: value.paths };
  return {
    specs: Array.from({ length: params.tasks }, () => spec),
    shown: { workload: 'counter', times, variant: params.counterVariant, sharedValue: value.paths.value },
    targetMs: null,
    check: () => {
      const expected = times * params.tasks;
      const final = value.read();
      return {
        ok: true,
        note: `${expected - final} of ${expected} updates lost (processes sharing a Value)`,
        counter: { expected, final, lost: expected - final },
      };
    },
    cleanup: value.cleanup,
  };
}
