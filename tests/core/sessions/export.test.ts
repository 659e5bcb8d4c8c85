import fc from 'fast-check';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/core/sessions/export';
import { RUNS_CSV_HEADER } from '../../../src/core/sessions/export/export-csv';
import { decodeLoadTrace } from '../../../src/shared/session-content';
import { arbitrarySession, smallSession } from './helpers';

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
