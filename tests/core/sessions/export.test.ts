import fc from 'fast-check';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/core/sessions/export';
import { RUNS_CSV_HEADER } from '../../../src/core/sessions/export/export-csv';
import { SessionStore } from '../../../src/core/sessions/session-store';
import type { LessonTag, Measurement, RunSummary } from '../../../src/shared/measurement';
import type { RunParams } from '../../../src/shared/run-params';
import type { SessionDocument } from '../../../src/shared/session';
import { decodeLoadTrace } from '../../../src/shared/session-content';
import { arbitrarySession, smallRun, smallSession, useTempDirs } from './helpers';

/** A strict RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r' || ch === '"') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last line has no CRLF');
  return rows;
}

/** What a spreadsheet shows for text we wrote: the formula guard is a leading apostrophe. */
const shown = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('exports', () => {
  it('writes a runs CSV that parses back to the same figures and text', () => {
    fc.assert(
      fc.property(arbitrarySession, (doc) => {
        const rows = parseCsv(exportSession(doc, 'csv-runs').text);
        expect(rows[0]).toEqual([...RUNS_CSV_HEADER]);
        expect(rows).toHaveLength(doc.runs.length + 1);
        const col = (name: (typeof RUNS_CSV_HEADER)[number]) => RUNS_CSV_HEADER.indexOf(name);
        doc.runs.forEach((run, i) => {
          const row = rows[i + 1]!;
          expect(row).toHaveLength(RUNS_CSV_HEADER.length);
          expect(row[col('cpu_model')]).toBe(shown(run.machine.cpuModel));
          expect(Number(row[col('wall_ms_median')])).toBe(run.measurement.wallMs.median);
          expect(row[col('speedup')]).toBe(run.measurement.speedup === null ? '' : String(run.measurement.speedup));
          expect(row[col('verified')]).toBe(String(run.measurement.verified));
        });
      }),
      { numRuns: 80 },
    );
  });

  it('writes per-core samples in long format that parse back to the stored loads', () => {
    fc.assert(
      fc.property(arbitrarySession, (doc) => {
        const rows = parseCsv(exportSession(doc, 'csv-samples').text);
        expect(rows[0]).toEqual(['run', 't_ms', 'core', 'load_pct']);
        const expected: string[][] = [];
        doc.runs.forEach((run, r) => {
          if (!run.load) return;
          const { timesMs, perCore } = decodeLoadTrace(run.load);
          for (let k = 0; k < timesMs.length; k++) {
            for (let c = 0; c < perCore.length; c++) {
              expected.push([
                String(r + 1),
                String(Math.round(timesMs[k]! - Date.parse(run.startedAt))),
                String(c),
                String(Math.round(perCore[c]![k]! * 10) / 10),
              ]);
            }
          }
        });
        expect(rows.slice(1)).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('writes a Markdown table whose rows all have the same number of cells', () => {
    fc.assert(
      fc.property(arbitrarySession, (doc) => {
        const lines = exportSession(doc, 'md').text.split('\n');
        const table = lines.filter((l) => l.startsWith('| '));
        const cells = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
        expect(table).toHaveLength(doc.runs.length + 2);
        for (const line of table) expect(cells(line)).toBe(cells(table[0]!));
      }),
      { numRuns: 80 },
    );
  });

  it('writes a self-contained HTML report: charts inline, no script, no external URL', async () => {
    const doc = { ...smallSession('<img src=x onerror=alert(1)> & "quotes"') };
    doc.runs[0]!.machine.cpuModel = '</td><script>alert(1)</script>';
    const html = exportSession(doc, 'html').text;
    expect(html).not.toMatch(/https?:|\/\/[a-z]|<link|<script|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    const window = new Window();
    window.document.write(html);
    const document = window.document;
    expect(document.querySelector('h1')?.textContent).toBe(doc.name);
    expect(document.querySelectorAll('script, img, iframe, link, object')).toHaveLength(0);
    // Two bar charts and one load chart per run with samples.
    expect(document.querySelectorAll('svg')).toHaveLength(2 + doc.runs.length);
    expect(document.querySelectorAll('svg polyline')).toHaveLength(doc.runs.length);
    expect(document.body.textContent).toContain('</td><script>alert(1)</script>');
    await window.happyDOM.close();
  });

  it('names export files after the session as it is called now, with the right media type', () => {
    const doc = { ...smallSession(), name: 'Room 4 · Ünï threads' };
    expect(exportSession(doc, 'json')).toMatchObject({
      fileName: 'room-4-uni-threads.json',
      mediaType: 'application/json',
    });
    expect(exportSession(doc, 'csv-samples')).toMatchObject({
      fileName: 'room-4-uni-threads-samples.csv',
      mediaType: 'text/csv',
    });
    expect(exportSession(doc, 'html').mediaType).toBe('text/html');
    expect(exportSession({ ...doc, name: '···' }, 'md').fileName).toBe('session.md');
  });
});

/** A saved run as a lesson makes it: no baseline of its own, tagged with its lesson, go and step. */
function lessonRun(
  index: number,
  params: Partial<RunParams>,
  wallMs: number,
  options: { tag?: LessonTag; round?: Partial<RunSummary>; outcome?: Measurement['outcome']; ranMs?: number } = {},
) {
  const run = smallRun({ index });
  const m = run.measurement;
  const outcome = options.outcome ?? 'completed';
  const round: RunSummary = {
    ...m.runs[0]!,
    wallMs,
    outcome,
    otherBusyCores: 0.4,
    waitingForCore: { ms: 80, share: 0.05 },
    ...options.round,
  };
  const done = outcome === 'completed';
  const spread = {
    median: done ? wallMs : 0,
    min: done ? wallMs : 0,
    max: done ? wallMs : 0,
    stddev: 0,
    n: done ? 1 : 0,
  };
  return {
    ...run,
    id: `run-${index}`,
    // From Run to the result, as the record is timed.
    finishedAt: new Date(Date.parse(run.startedAt) + (options.ranMs ?? wallMs + 300)).toISOString(),
    tag: options.tag ?? null,
    measurement: {
      ...m,
      params: { ...m.params, ...params },
      outcome,
      elapsedMs: options.ranMs ?? wallMs + 300,
      taskLength: { targetMs: 250, measuredMs: 262, resized: index === 2 },
      runs: [round],
      wallMs: spread,
      baseline: null,
      speedup: null,
      efficiency: null,
    },
  };
}

const tag = (step: string, go = 1): LessonTag => ({ lesson: 'cpu-bound', go, step, settings: '4 tasks of 0.25 s' });

/** Lesson 1 (sequential, GIL threads, processes, then a stopped go), the counter and the convoy. */
function lessonSession(): SessionDocument {
  const cpu = { workload: 'cpu', tasks: 4, taskMs: 250 } as const;
  const doc: SessionDocument = {
    ...smallSession('Room 4', 0),
    runs: [
      lessonRun(1, { ...cpu, mode: 'sequential', workers: 1 }, 1000, { tag: tag('sequential') }),
      lessonRun(2, { ...cpu, mode: 'threads-gil', workers: 4 }, 1040, { tag: tag('gil') }),
      lessonRun(3, { ...cpu, mode: 'processes', workers: 2 }, 520, { tag: tag('processes') }),
      lessonRun(4, { ...cpu, mode: 'threads-gil', workers: 4 }, 300, {
        tag: tag('gil', 2),
        outcome: 'cancelled',
        // Stopped 1.4 s after Run, 1.1 s into its round: the room waited the whole 1.4 s.
        round: { wallMs: 1100 },
        ranMs: 1400,
      }),
      lessonRun(
        5,
        { workload: 'counter', mode: 'threads-gil', workers: 4, tasks: 4, counterVariant: 'call-between' },
        90,
        {
          round: { counter: { expected: 4_000_000, final: 3_000_000, lost: 1_000_000 } },
        },
      ),
      lessonRun(6, { workload: 'counter', mode: 'processes', workers: 4, tasks: 4 }, 90, {
        round: { counter: { expected: 4_000_000, final: 0, lost: 4_000_000, returned: 4_000_000 } },
      }),
      lessonRun(7, { workload: 'convoy', mode: 'threads-gil', workers: 3, tasks: 3, switchIntervalMs: 1 }, 2000, {
        round: { ioLoop: { loops: 440, loopsPerSecond: 220 } },
      }),
    ],
  };
  // A file from before stopped runs lost their figures kept the 1.74× a cancelled GIL run was given.
  doc.runs[3]!.measurement.speedup = 1.74;
  return doc;
}

describe('exports of a lesson session', () => {
  const tempDir = useTempDirs();

  it('fills speedup from the session’s sequential run and adds each lesson’s own figure to the runs CSV', () => {
    const rows = parseCsv(exportSession(lessonSession(), 'csv-runs').text);
    const header = rows[0]!;
    const at = (run: number, column: (typeof RUNS_CSV_HEADER)[number]) => rows[run]![header.indexOf(column)];
    // Every parallel run of lesson 1 is divided into run 1, as the basis column says.
    expect([1, 2, 3].map((r) => [at(r, 'speedup'), at(r, 'speedup_basis'), at(r, 'speedup_from_run')])).toEqual([
      ['1', 'derived', '1'],
      [String(1000 / 1040), 'derived', '1'],
      [String(1000 / 520), 'derived', '1'],
    ]);
    expect(at(3, 'efficiency')).toBe(String(1000 / 520 / 2));
    expect([at(2, 'lesson'), at(2, 'go'), at(2, 'step'), at(2, 'settings')]).toEqual([
      'cpu-bound',
      '1',
      'gil',
      '4 tasks of 0.25 s',
    ]);
    // The stopped go has no speedup and no figure, only how long it ran.
    expect(
      ['outcome', 'speedup', 'stopped_after_ms', 'go', 'wall_ms_median', 'busy_cores'].map((c) =>
        at(4, c as (typeof RUNS_CSV_HEADER)[number]),
      ),
    ).toEqual(['cancelled', '', '1400', '2', '', '']);
    expect([
      at(5, 'counter_variant'),
      at(5, 'counter_memory'),
      at(5, 'updates_expected'),
      at(5, 'updates_lost'),
    ]).toEqual(['call-between', 'shared by threads', '4000000', '1000000']);
    // Processes counted their own copies: nothing was lost, nothing was shared.
    expect([at(6, 'counter_memory'), at(6, 'updates_lost'), at(6, 'updates_returned')]).toEqual([
      'own copies',
      '',
      '4000000',
    ]);
    expect([at(7, 'io_loops_per_second'), at(7, 'convoy_case'), at(7, 'switch_interval_ms')]).toEqual([
      '220',
      'beside 2 CPU threads',
      '1',
    ]);
    expect([at(1, 'other_busy_cores'), at(1, 'waiting_for_core_share'), at(1, 'waiting_for_core_ms')]).toEqual([
      '0.4',
      '0.05',
      '80',
    ]);
    expect([at(2, 'task_ms_target'), at(2, 'task_ms_measured'), at(2, 'task_resized')]).toEqual(['250', '262', 'true']);
    expect(at(1, 'counter_variant')).toBe('');
  });

  it('writes the same figures into the Markdown and HTML tables, and charts no stopped run', async () => {
    const doc = lessonSession();
    const md = exportSession(doc, 'md')
      .text.split('\n')
      .filter((l) => l.startsWith('| '));
    // Row n of the table is run n; the header and its rule come first.
    const run = (n: number) => md[n + 1]!;
    expect(run(3)).toContain('| 1.92× (from #1) |');
    expect(run(3)).toContain('| 0.4 cores | 5% | 250 → 262 ms |');
    expect(run(2)).toContain('| 250 → 262 ms, re-sized |');
    expect(run(4)).toContain('| stopped after 1.4 s; no result |');
    expect(run(4)).not.toMatch(/ 300 ms /);
    expect(run(4)).not.toContain('×');
    expect(run(5)).toContain('call-between, shared by threads: 1,000,000 of 4,000,000 lost (25.0%)');
    expect(run(6)).toContain('plain, own copies: 4,000,000 of 4,000,000 sent back');
    expect(run(7)).toContain('220 loops/s, beside 2 CPU threads, 1 ms interval');
    expect(run(2)).toContain('| cpu-bound, go 1, gil |');

    const window = new Window();
    window.document.write(exportSession(doc, 'html').text);
    const cells = [...window.document.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(cells[2]).toContain('1.92× (from #1)');
    expect(cells[3]).toContain('stopped after 1.4 s; no result');
    expect(cells[6]).toContain('220 loops/s, beside 2 CPU threads, 1 ms interval');
    const bars = [...window.document.querySelectorAll('svg')].slice(0, 2);
    for (const chart of bars) {
      expect(chart.querySelectorAll('rect.bar')).toHaveLength(doc.runs.length - 1);
      expect(chart.textContent).not.toContain('#4 ');
    }
    await window.happyDOM.close();
  });

  it('carries the derived figures in the JSON export, and imports it back without them', async () => {
    const doc = lessonSession();
    const exported = JSON.parse(exportSession(doc, 'json').text);
    expect(exported.figures).toHaveLength(doc.runs.length);
    expect(exported.figures[2]).toMatchObject({
      run: 3,
      speedup: 1000 / 520,
      speedupBasis: 'derived',
      speedupFromRun: 1,
    });
    expect(exported.figures[6]).toMatchObject({ ioLoopsPerSecond: 220, convoyCase: 'beside 2 CPU threads' });
    const store = await SessionStore.open(tempDir());
    const summary = await store.import(new TextEncoder().encode(exportSession(doc, 'json').text), 'room-4.json');
    expect(store.get(summary.id).runs).toEqual(doc.runs);
    expect(Object.keys(store.get(summary.id))).not.toContain('figures');
  });
});

describe('exports of a go run on the simulation and on real Python', () => {
  const python = {
    path: '/usr/bin/python3.12',
    version: '3.12.3',
    implementation: 'cpython',
    build: 'gil',
    gilEnabled: null,
    startMethod: 'fork',
  } as const;
  /** Interleaved as the lessons run them: each step on the simulation, then on real Python. */
  function bothSession(): SessionDocument {
    const cpu = { workload: 'cpu', tasks: 4, taskMs: 250 } as const;
    const real = { backend: 'python', python: python.path } as const;
    const doc: SessionDocument = {
      ...smallSession('Both', 0),
      runs: [
        lessonRun(1, { ...cpu, mode: 'sequential', workers: 1 }, 1000, { tag: tag('sequential') }),
        lessonRun(2, { ...cpu, ...real, mode: 'sequential', workers: 1 }, 1200, { tag: tag('sequential') }),
        lessonRun(3, { ...cpu, mode: 'threads-gil', workers: 4 }, 1000, { tag: tag('gil') }),
        lessonRun(4, { ...cpu, ...real, mode: 'threads-gil', workers: 4 }, 1500, { tag: tag('gil') }),
      ],
    };
    for (const i of [1, 3]) {
      doc.runs[i]!.measurement.backend = {
        id: 'python',
        runtime: 'CPython 3.12.3',
        threads: 'threading threads under the GIL',
        processes: 'ProcessPoolExecutor (fork)',
        interpreter: python,
      };
    }
    return doc;
  }

  it('names the backend and interpreter of every run, and divides each into its own backend’s sequential run', () => {
    const rows = parseCsv(exportSession(bothSession(), 'csv-runs').text);
    const header = rows[0]!;
    const at = (run: number, column: (typeof RUNS_CSV_HEADER)[number]) => rows[run]![header.indexOf(column)];
    expect([1, 2].map((r) => [at(r, 'backend'), at(r, 'interpreter_path'), at(r, 'python_build')])).toEqual([
      ['simulation', '', ''],
      ['python', python.path, 'gil'],
    ]);
    expect(at(2, 'runtime')).toBe('CPython 3.12.3');
    expect(at(2, 'start_method')).toBe('fork');
    expect([at(3, 'speedup_from_run'), at(4, 'speedup_from_run')]).toEqual(['1', '2']);
    expect(at(4, 'speedup')).toBe(String(1200 / 1500));
  });

  it('shows the backend in the Markdown and HTML tables', async () => {
    const md = exportSession(bothSession(), 'md')
      .text.split('\n')
      .filter((l) => l.startsWith('| '));
    expect(md[0]).toContain('| # | backend | workload |');
    expect(md[2]).toContain('| 1 | simulation | cpu |');
    expect(md[3]).toContain('| 2 | CPython 3.12.3, GIL build | cpu |');
    const window = new Window();
    window.document.write(exportSession(bothSession(), 'html').text);
    const second = [...window.document.querySelectorAll('tbody tr')][1]!;
    expect(second.querySelectorAll('td')[1]!.textContent).toBe('CPython 3.12.3, GIL build');
    await window.happyDOM.close();
  });
});
