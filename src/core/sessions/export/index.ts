import type { SessionDocument } from '../../../shared/session';
import type { SessionExport, SessionExportFormat } from '../../../shared/session-contract';
import { exportRunsCsv, exportSamplesCsv } from './export-csv';
import { exportHtml } from './export-html';
import { exportMarkdown } from './export-markdown';
import { slugOf } from '../names';
import { EXPORT_FIGURES_FIELD } from '../session-file';
import { runRows } from './rows';
import { sessionTraceText, TRACE_SUFFIX } from '../../../shared/perfetto-trace';

/**
 * The lossless export: the session document itself, as indented JSON, re-importable as is, with
 * the figures the other formats derive from it (speedups from the session's sequential runs, each
 * lesson's own figure) under EXPORT_FIGURES_FIELD, one per run, for whoever reads the file.
 * Import drops that field: it is derived, never stored.
 */
export function exportJson(doc: SessionDocument): string {
  return `${JSON.stringify({ ...doc, [EXPORT_FIGURES_FIELD]: runRows(doc) }, null, 2)}\n`;
}

const FORMATS: Record<
  SessionExportFormat,
  { suffix: string; mediaType: string; render: (d: SessionDocument) => string }
> = {
  json: { suffix: '.json', mediaType: 'application/json', render: exportJson },
  'csv-runs': { suffix: '-runs.csv', mediaType: 'text/csv', render: exportRunsCsv },
  'csv-samples': { suffix: '-samples.csv', mediaType: 'text/csv', render: exportSamplesCsv },
  md: { suffix: '.md', mediaType: 'text/markdown', render: exportMarkdown },
  html: { suffix: '.html', mediaType: 'text/html', render: exportHtml },
  perfetto: { suffix: TRACE_SUFFIX, mediaType: 'application/json', render: sessionTraceText },
};

/** Named after the session as it is called now, not its id, which keeps the name it was created with. */
export function exportSession(doc: SessionDocument, format: SessionExportFormat): SessionExport {
  const spec = FORMATS[format];
  return {
    fileName: `${slugOf(doc.name) || 'session'}${spec.suffix}`,
    mediaType: spec.mediaType,
    text: spec.render(doc),
  };
}
