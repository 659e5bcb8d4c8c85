import { expect } from 'vitest';
import type { ChromeTrace } from '../../src/shared/perfetto-trace';

/** What a Trace Event Format reader needs of every event, checked without the builder's types. */
export function checkTraceFormat(trace: ChromeTrace): void {
  expect(trace.displayTimeUnit).toBe('ms');
  expect(Array.isArray(trace.traceEvents)).toBe(true);
  for (const e of trace.traceEvents as unknown as Record<string, unknown>[]) {
    expect(['M', 'X', 'C']).toContain(e.ph);
    expect(typeof e.name).toBe('string');
    for (const key of ['pid', 'tid', 'ts'] as const) {
      expect(Number.isInteger(e[key]), `${key} of ${JSON.stringify(e)}`).toBe(true);
      expect(e[key] as number).toBeGreaterThanOrEqual(0);
    }
    expect(typeof e.args).toBe('object');
    if (e.ph === 'X') expect(Number.isInteger(e.dur) && (e.dur as number) > 0).toBe(true);
    if (e.ph === 'C') for (const v of Object.values(e.args as object)) expect(typeof v).toBe('number');
    if (e.ph === 'M') {
      expect(['process_name', 'process_sort_index', 'thread_name', 'thread_sort_index']).toContain(e.name);
    }
  }
}

/** What a viewer needs to lay the tracks out: every process and sliced thread named, no two slices of a thread overlapping. */
export function checkTraceTracks(trace: ChromeTrace): void {
  const named = (name: string) =>
    new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === name).map((e) => `${e.pid}:${e.tid}`));
  const threads = named('thread_name');
  const processes = new Set(trace.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.pid));
  const ends = new Map<string, number>();
  for (const e of [...trace.traceEvents].filter((x) => x.ph === 'X').sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    expect(threads.has(key), `thread ${key} is named`).toBe(true);
    expect(e.ts, `${JSON.stringify(e)} starts before the slice before it ends`).toBeGreaterThanOrEqual(
      ends.get(key) ?? 0,
    );
    ends.set(key, e.ts + e.dur!);
  }
  for (const e of trace.traceEvents) expect(processes.has(e.pid), `process ${e.pid} is named`).toBe(true);
}
