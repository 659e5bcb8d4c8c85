import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SESSION_SCHEMA_VERSION } from '../../src/shared/session';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSessionValue } from '../../src/shared/session-parse';
import { decodeLoadTrace, decodeTimeline } from '../../src/shared/session-content';
import { runLab } from './app';

/** The built CLI's session commands, end to end, on real files in a temp data folder. */
describe('npm run lab: sessions', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-cli-sessions-'));
  const dataDir = path.join(root, 'data');
  const d = ['--data-dir', dataDir];
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('documents the session commands and options in --help', async () => {
    const { code, stdout } = await runLab(['--help']);
    expect(code).toBe(0);
    for (const text of [
      'sessions',
      'export NAME',
      'import FILE',
      '--data-dir',
      '--session',
      '--format',
      '--out',
      'csv-samples',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('appends runs to a session with their per-core load and worker timeline', async () => {
    const args = [
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
      '300',
    ];
    const first = await runLab([...args, '--session', 'Lesson 1', ...d, '--json']);
    expect(first.code).toBe(0);
    expect(first.stderr.at(-1)).toMatch(/^saved as run 1 of session "Lesson 1" in .*sessions$/);
    const second = await runLab([...args, '--mode', 'processes', '--session', 'Lesson 1', ...d]);
    expect(second.code).toBe(0);
    expect(second.stderr.at(-1)).toMatch(/^saved as run 2 of session "Lesson 1"/);

    const files = readdirSync(path.join(dataDir, 'sessions')).filter((f) => f.endsWith('.session.json.gz'));
    expect(files).toHaveLength(1);
    const doc = checkSessionValue(
      JSON.parse(gunzipSync(readFileSync(path.join(dataDir, 'sessions', files[0]!))).toString()),
    );
    expect(doc.name).toBe('Lesson 1');
    expect(doc.runs.map((r) => r.measurement.params.mode)).toEqual(['threads-gil', 'processes']);
    const run = doc.runs[0]!;
    expect(run.measurement).toEqual(JSON.parse(first.stdout));
    expect(run.app.host).toBe('cli');
    expect(run.machine.logicalCores).toBe(os.availableParallelism());
    expect(run.machine.memoryBytes).toBeGreaterThan(0);
    // At 10 Hz a run of about 0.9 s (baseline and run) gives several samples of every core.
    const load = decodeLoadTrace(run.load!);
    expect(load.perCore).toHaveLength(os.availableParallelism());
    expect(load.timesMs.length).toBeGreaterThanOrEqual(4);
    const timeline = decodeTimeline(run.timeline!);
    expect(timeline.filter((e) => e.kind === 'task-finished')).toHaveLength(4);
    expect(timeline.some((e) => e.state === 'waiting-gil')).toBe(true);
    expect(new Set(timeline.map((e) => e.phase))).toEqual(new Set(['baseline', 'run']));
  });

  it('lists sessions with runs, machine and last update', async () => {
    const { code, stdout } = await runLab(['sessions', ...d]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+runs\s+machine\s+updated$/);
    expect(lines[1]).toMatch(
      new RegExp(`^Lesson 1\\s+2\\s+.*${os.availableParallelism()} cores.*\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`),
    );
    const json = JSON.parse((await runLab(['sessions', '--json', ...d])).stdout);
    expect(json.sessions[0]).toMatchObject({ name: 'Lesson 1', runs: 2, saved: true });
  });

  it('exports every format, and the JSON imports back as a renamed copy with the same runs', async () => {
    const out = (name: string) => path.join(root, name);
    for (const [format, file] of [
      ['json', 'l.json'],
      ['md', 'l.md'],
      ['html', 'l.html'],
      ['csv-runs', 'l-runs-only.csv'],
    ] as const) {
      const { code, stdout } = await runLab(['export', 'Lesson 1', '--format', format, '--out', out(file), ...d]);
      expect(code).toBe(0);
      expect(stdout).toBe(`wrote ${out(file)}`);
    }
    const csv = await runLab(['export', 'Lesson 1', '--format', 'csv', '--out', out('both.csv'), ...d]);
    expect(csv.stdout.split('\n')).toEqual([`wrote ${out('both-runs.csv')}`, `wrote ${out('both-samples.csv')}`]);
    expect(readFileSync(out('both-runs.csv'), 'utf8').split('\r\n')).toHaveLength(4);
    expect(readFileSync(out('both-samples.csv'), 'utf8')).toMatch(/^run,t_ms,core,load_pct\r\n1,\d+,0,[\d.]+\r\n/);
    expect(readFileSync(out('l.md'), 'utf8')).toContain('| 2 | simulation | cpu | processes | 2 | 2 |');
    expect(readFileSync(out('l.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\n$/);
    const stdoutJson = await runLab(['export', 'Lesson 1', '--format', 'json', ...d]);
    expect(stdoutJson.stdout).toBe(readFileSync(out('l.json'), 'utf8').trimEnd());

    const imported = await runLab(['import', out('l.json'), ...d]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported "Lesson 1" as "Lesson 1 \(2\)": 2 runs, into /);
    const list = JSON.parse((await runLab(['sessions', '--json', ...d])).stdout);
    const names = list.sessions.map((s: { name: string }) => s.name).sort();
    expect(names).toEqual(['Lesson 1', 'Lesson 1 (2)']);
    const original = JSON.parse(readFileSync(out('l.json'), 'utf8'));
    await runLab(['export', 'Lesson 1 (2)', '--format', 'json', '--out', out('copy.json'), ...d]);
    const copy = JSON.parse(readFileSync(out('copy.json'), 'utf8'));
    expect(copy.runs).toEqual(original.runs);
    expect(copy.imported.originalName).toBe('Lesson 1');
  });

  it.each([
    [['import', 'no-such-file.json'], /^gil-lab: "no-such-file\.json" cannot be read \(ENOENT\)$/],
    [['export', 'Nope', '--format', 'md'], /^gil-lab: no session named "Nope" in /],
    [
      ['export', 'Lesson 1', '--format', 'pdf'],
      /^gil-lab: --format must be one of json, csv-runs, csv-samples, md, html, perfetto, csv/,
    ],
    [['export', 'Lesson 1', '--format', 'csv'], /^gil-lab: --format csv writes two files, so it needs --out/],
    [['export', 'Lesson 1'], /^gil-lab: "export" needs --format/],
    [['sessions', '--format', 'md'], /^gil-lab: --format does not apply to "sessions"/],
    [['run', '--session', '../../etc/passwd', '--tasks', '1'], /^gil-lab: a session name cannot contain \/ or \\$/],
    [
      ['run', '--session', 'x'.repeat(10_000)],
      /^gil-lab: a session name can be at most 120 characters; this one has 10000$/,
    ],
  ])('rejects %j in one line, with a non-zero exit', async (args, pattern) => {
    const { code, stderr } = await runLab([...args, ...d]);
    expect(code).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(pattern);
  });

  it('refuses a hostile import in one line and leaves the sessions as they were', async () => {
    const before = readdirSync(path.join(dataDir, 'sessions')).sort();
    const file = path.join(root, 'future.json');
    writeFileSync(file, JSON.stringify({ format: 'gil-lab-session', schemaVersion: 99 }));
    const { code, stderr } = await runLab(['import', file, ...d]);
    expect(code).toBe(1);
    expect(stderr).toEqual([
      `gil-lab: "future.json" was written by a newer GIL Lab (schema version 99; this one reads up to ${SESSION_SCHEMA_VERSION}); update GIL Lab to open it`,
    ]);
    expect(readdirSync(path.join(dataDir, 'sessions')).sort()).toEqual(before);
  });

  it('fails in one line when the data folder cannot be created', async () => {
    const blocker = path.join(root, 'a-file');
    writeFileSync(blocker, '');
    const { code, stderr } = await runLab(['sessions', '--data-dir', path.join(blocker, 'data')]);
    expect(code).toBe(1);
    expect(stderr).toEqual([
      `gil-lab: sessions can't be kept on disk: ${path.join(blocker, 'data', 'sessions')} is not a folder that can be created or written`,
    ]);
  });
});
