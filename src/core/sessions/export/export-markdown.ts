import type { SessionDocument } from '../../../shared/session';
import { backendCell, lessonFigure, lessonLabel, round, runRows, speedupCell, taskLengthCell } from './rows';

/** A cell that can't break the table: pipes and backslashes escaped, line breaks flattened. */
export function mdCell(value: string | number | null): string {
  if (value === null) return '–';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([`*_[\]<>#])/g, '\\$1');
}

/** A results table ready to paste into a write-up, with the machines listed under it. */
export function exportMarkdown(doc: SessionDocument): string {
  const rows = runRows(doc);
  const machines = [...new Set(rows.map((r) => r.machine))];
  const lines = [
    `## ${mdCell(doc.name)}`,
    '',
    `${rows.length} run${rows.length === 1 ? '' : 's'}, from ${doc.createdAt} to ${doc.updatedAt}` +
      (doc.imported ? `; imported from "${mdCell(doc.imported.originalName)}"` : '') +
      '.',
    '',
    '| # | backend | workload | mode | workers | tasks | wall (median) | sequential | speedup | busy cores | other load | waiting for a core | task length | lesson figure | outcome | verified | lesson | machine |',
    '| -: | --- | --- | --- | -: | -: | -: | -: | -: | -: | -: | -: | -: | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const machine = machines.length > 1 ? `M${machines.indexOf(r.machine) + 1}` : 'M1';
    const cells = [
      String(r.run),
      mdCell(backendCell(r)),
      mdCell(r.workload),
      mdCell(r.mode),
      String(r.workers),
      String(r.tasks),
      r.wallMsMedian === null ? '–' : `${round(r.wallMsMedian, 0)} ms`,
      r.sequentialWallMs === null ? '–' : `${round(r.sequentialWallMs, 0)} ms`,
      speedupCell(r),
      mdCell(round(r.busyCores, 2)),
      r.otherBusyCores === null ? '–' : `${round(r.otherBusyCores, 2)} cores`,
      r.waitingForCoreShare === null ? '–' : `${Math.round(100 * r.waitingForCoreShare)}%`,
      taskLengthCell(r),
      mdCell(lessonFigure(r)),
      mdCell(r.stopped ?? r.outcome),
      r.verified ? 'yes' : 'NO',
      mdCell(lessonLabel(r)),
      machine,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('');
  machines.forEach((m, i) => lines.push(`- **M${i + 1}**: ${mdCell(m)}`));
  if (rows.length > 0) {
    const first = rows[0]!;
    lines.push(
      '',
      `Measured with GIL Lab ${mdCell(first.appVersion)} on Node ${mdCell(first.nodeVersion)}` +
        `${first.electronVersion ? ` and Electron ${mdCell(first.electronVersion)}` : ''}. ` +
        'Busy cores = CPU time ÷ wall time; speedup = sequential wall ÷ wall, against the run’s own ' +
        'baseline, or "from #n": the sequential run n of the same experiment in this session. Other load: ' +
        'cores’ worth busy that was not the run’s own. Waiting for a core: the share of the workers’ ' +
        'running time they were ready but had no core, as the OS scheduler measured it.',
    );
  }
  return `${lines.join('\n')}\n`;
}
