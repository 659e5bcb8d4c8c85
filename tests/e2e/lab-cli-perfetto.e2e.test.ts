import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIL_HOLDER_THREAD, type ChromeTrace } from '../../src/shared/perfetto-trace';
import { checkTraceFormat, checkTraceTracks } from '../support/trace-format';
import { runLab } from './app';

/** `npm run lab -- export NAME --format perfetto` on runs the built CLI records in a temp data folder. */
describe('npm run lab: export --format perfetto', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-cli-perfetto-'));
  const d = ['--data-dir', path.join(root, 'data')];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes every run as a trace: named workers, lane slices, the GIL holder under the GIL, a counter per core', async () => {
    const run = [
      'run',
      '--workload',
      'cpu',
      '--workers',
      '2',
      '--tasks',
      '2',
      '--task-ms',
      '200',
      '--no-baseline',
      '--session',
      'Trace',
    ];
    for (const mode of ['threads-gil', 'processes']) {
      const { code, stderr } = await runLab([...run, '--mode', mode, ...d]);
      expect(code, stderr.join('\n')).toBe(0);
    }
    expect((await runLab(['--help'])).stdout).toContain('perfetto');

    const file = path.join(root, 'trace.trace.json');
    const written = await runLab(['export', 'Trace', '--format', 'perfetto', '--out', file, ...d]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe(`wrote ${file}`);
    const text = readFileSync(file, 'utf8');
    const stdout = await runLab(['export', 'Trace', '--format', 'perfetto', ...d]);
    // Output arrives in chunks, split into lines on the way: joined back without the line breaks, the JSON is whole.
    expect(JSON.parse(stdout.lines.join(''))).toEqual(JSON.parse(text));

    const trace = JSON.parse(text) as ChromeTrace;
    checkTraceFormat(trace);
    checkTraceTracks(trace);
    const names = (name: string) =>
      trace.traceEvents.filter((e) => e.ph === 'M' && e.name === name).map((e) => String(e.args.name));
    const processes = names('process_name');
    console.log(`perfetto trace: ${trace.traceEvents.length} events, ${text.length} bytes; ${processes.join(' | ')}`);
    expect(processes).toEqual(
      expect.arrayContaining([
        'Run 1 (threads-gil) · per-core load',
        'Run 1 (threads-gil) · Run',
        'Run 2 (processes) · Run · Process 1',
        'Run 2 (processes) · Run · Process 2',
      ]),
    );
    expect(names('thread_name').filter((n) => n === GIL_HOLDER_THREAD)).toHaveLength(1);
    const holder = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args.name === GIL_HOLDER_THREAD)!;
    const gilRun = trace.traceEvents.find(
      (e) => e.name === 'process_name' && e.args.name === 'Run 1 (threads-gil) · Run',
    )!;
    expect(holder.pid).toBe(gilRun.pid);
    const holds = trace.traceEvents.filter((e) => e.ph === 'X' && e.pid === holder.pid && e.tid === holder.tid);
    expect(new Set(holds.map((h) => h.name))).toEqual(new Set(['Thread 1', 'Thread 2']));
    const states = new Set(trace.traceEvents.filter((e) => e.ph === 'X' && e.cat !== 'gil').map((e) => e.name));
    expect(states).toContain('running');
    expect(states).toContain('waiting for the GIL');
    const cores = new Set(trace.traceEvents.filter((e) => e.ph === 'C').map((e) => e.name));
    expect(cores).toEqual(new Set(Array.from({ length: os.availableParallelism() }, (_, c) => `Core ${c}`)));
  }, 240_000);
});
