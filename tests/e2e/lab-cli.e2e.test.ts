import { describe, expect, it } from 'vitest';
import { runLab } from './app';

describe('npm run lab', () => {
  it('documents every option in --help', async () => {
    const { code, stdout } = await runLab(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--workload',
      '--mode',
      '--workers',
      '--tasks',
      '--task-ms',
      '--switch-interval',
      '--repeat',
      '--json',
      '--releases-gil',
      '--counter-variant',
      '--shared-memory',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('prints one JSON result with the measurements, against a sequential baseline', async () => {
    const { code, stdout } = await runLab([
      'run',
      '--workload',
      'cpu',
      '--mode',
      'threads-gil',
      '--workers',
      '2',
      '--tasks',
      '2',
      '--task-ms',
      '200',
      '--repeat',
      '2',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.verified).toBe(true);
    expect(result.runs).toHaveLength(2);
    expect(result.baseline.runs).toHaveLength(2);
    expect(result.wallMs).toMatchObject({ n: 2 });
    expect(result.wallMs.min).toBeLessThanOrEqual(result.wallMs.max);
    expect(result.speedup).toBeGreaterThan(0);
    expect(result.efficiency).toBeCloseTo(result.speedup / 2, 5);
    expect(result.busyCores.median).toBeLessThanOrEqual(1.15);
    expect(result.runs[0].gil.switches).toBeGreaterThan(0);
    expect(result.runs[0].gil.overlaps).toBe(0);
    expect(result.runs[0].coreLoad.meanPerCore.length).toBeGreaterThan(0);
    // Counted from Run, sizing and warm-up included.
    for (const run of result.runs) expect(run.firstStartMs).toBeGreaterThanOrEqual(0);
  });

  it('shares one counter between processes with --shared-memory, exact with the lock', async () => {
    const { code, stdout } = await runLab([
      'run',
      '--workload',
      'counter',
      '--mode',
      'processes',
      '--workers',
      '2',
      '--tasks',
      '2',
      '--counter-variant',
      'lock',
      '--shared-memory',
      '--no-baseline',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).runs[0].counter).toEqual({ expected: 200_000, final: 200_000, lost: 0 });
  });

  it('prints a readable table without --json', async () => {
    const { code, stdout } = await runLab([
      'run',
      '--workload',
      'io-sleep',
      '--mode',
      'threads-gil',
      '--workers',
      '4',
      '--tasks',
      '4',
      '--task-ms',
      '50',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wall time\s+\d+ ms/);
    expect(stdout).toMatch(/speedup\s+[\d.]+×/);
    expect(stdout).toMatch(/first task\s+[\d.]+ ms after Run/);
    expect(stdout).toContain('all verified');
  });

  it.each([
    [['run', '--workers', '999', '--mode', 'processes'], /^gil-lab: workers must be at most/],
    [['run', '--workload', 'gpu'], /^gil-lab: Invalid run parameters: workload/],
    [['run', '--tasks', 'many'], /^gil-lab: --tasks must be a whole number/],
    [['fly'], /^gil-lab: unknown command "fly"/],
  ])('rejects %j in one line, with a non-zero exit', async (args, pattern) => {
    const { code, stderr } = await runLab(args);
    expect(code).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(pattern);
  });
});
