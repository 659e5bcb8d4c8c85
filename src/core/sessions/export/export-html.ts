import type { SessionDocument } from '../../../shared/session';
import { decodeLoadTrace } from '../../../shared/session-content';
import { describeMachine } from '../summary';
import { backendCell, lessonFigure, lessonLabel, round, runRows, speedupCell, taskLengthCell } from './rows';
import { barChart, escapeHtml, lineChart } from './svg';

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#fff;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #d0d0d8;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}
.muted{color:#55555f}.bad{color:#a40000;font-weight:600}
svg{display:block;margin:.75rem 0;max-width:100%;height:auto;font:12px system-ui,sans-serif}
svg .title{font-weight:600}svg .bar{fill:#31688e}svg .frame{fill:none;stroke:#b0b0b8}
svg .line{fill:none;stroke:#35b779;stroke-width:1.5}
@media print{body{margin:0}}`;

/**
 * A report that opens anywhere, offline: one HTML file with its CSS and SVG charts inline, no
 * script and no external URL, and a CSP that forbids loading anything even if some text slipped
 * through. All text from the session is escaped.
 */
export function exportHtml(doc: SessionDocument): string {
  const rows = runRows(doc);
  const label = (r: (typeof rows)[number]) =>
    `#${r.run} ${r.backend === 'simulation' ? '' : `${r.backend} · `}${r.workload} · ${r.mode} · ${r.workers}w`;
  const machines = [...new Map(doc.runs.map((run) => [describeMachine(run.machine), run])).values()];
  const cell = (text: string | number | null, numeric = false) =>
    `<td${numeric ? ' class="n"' : ''}>${text === null ? '–' : escapeHtml(text)}</td>`;
  const table = rows
    .map((r) =>
      [
        cell(r.run, true),
        cell(backendCell(r)),
        cell(r.workload),
        cell(r.mode),
        cell(r.workers, true),
        cell(r.tasks, true),
        cell(r.wallMsMedian === null ? null : `${round(r.wallMsMedian, 0)} ms`, true),
        cell(r.sequentialWallMs === null ? null : `${round(r.sequentialWallMs, 0)} ms`, true),
        cell(speedupCell(r), true),
        cell(round(r.busyCores, 2), true),
        cell(r.otherBusyCores === null ? null : round(r.otherBusyCores, 2), true),
        cell(r.waitingForCoreShare === null ? null : `${Math.round(100 * r.waitingForCoreShare)}%`, true),
        cell(taskLengthCell(r), true),
        cell(lessonFigure(r)),
        `<td${r.stopped === null ? '' : ' class="bad"'}>${escapeHtml(r.stopped ?? r.outcome)}</td>`,
        `<td${r.verified ? '' : ' class="bad"'}>${r.verified ? 'yes' : 'NO'}</td>`,
        cell(lessonLabel(r)),
        cell(r.machine),
      ].join(''),
    )
    .map((cells) => `<tr>${cells}</tr>`)
    .join('\n');
  // Only completed runs are charted: a stopped one measured part of the work.
  const charted = rows.filter((r) => r.wallMsMedian !== null);
  const loadCharts = doc.runs
    .map((run, i) => {
      if (!run.load || run.load.ticks === 0) return '';
      const { timesMs, perCore } = decodeLoadTrace(run.load);
      const busy = new Float64Array(timesMs.length);
      for (const series of perCore) for (let k = 0; k < series.length; k++) busy[k]! += series[k]! / 100;
      const r = rows[i]!;
      return lineChart(
        `${label(r)}: cores' worth busy, as the monitor saw it`,
        timesMs,
        busy,
        run.load.cores,
        `${run.load.cores} cores, ${run.load.ticks} samples`,
      );
    })
    .join('\n');
  const facts = machines
    .map(
      (run) =>
        `<tr><td>${escapeHtml(run.machine.cpuModel)}</td><td class="n">${run.machine.logicalCores}</td>` +
        `<td class="n">${run.machine.physicalCores}</td>` +
        `<td class="n">${run.machine.memoryBytes === null ? '–' : `${(run.machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB`}</td>` +
        `<td>${escapeHtml([run.machine.os.distro, run.machine.os.release, run.machine.os.arch].filter(Boolean).join(' '))}</td>` +
        `<td>${escapeHtml(`GIL Lab ${run.app.version}, Node ${run.app.nodeVersion}${run.app.electronVersion ? `, Electron ${run.app.electronVersion}` : ''}`)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.name)} · GIL Lab report</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(doc.name)}</h1>
<p class="muted">${rows.length} run${rows.length === 1 ? '' : 's'}, ${escapeHtml(doc.createdAt)} to ${escapeHtml(doc.updatedAt)}${
    doc.imported ? `; imported from “${escapeHtml(doc.imported.originalName)}”` : ''
  }. Every figure was measured by GIL Lab on the machine named beside it.</p>
<h2>Results</h2>
<table>
<thead><tr><th class="n">#</th><th>backend</th><th>workload</th><th>mode</th><th class="n">workers</th><th class="n">tasks</th><th class="n">wall (median)</th><th class="n">sequential</th><th class="n">speedup</th><th class="n">busy cores</th><th class="n">other load</th><th class="n">waiting for a core</th><th class="n">task length</th><th>lesson figure</th><th>outcome</th><th>verified</th><th>lesson</th><th>machine</th></tr></thead>
<tbody>
${table}
</tbody>
</table>
${
  charted.length > 0
    ? barChart(
        'Wall time, median (shorter is faster)',
        charted.map((r) => ({ label: label(r), value: r.wallMsMedian ?? 0, unit: 'ms' })),
      )
    : ''
}
${
  charted.length > 0
    ? barChart(
        'Busy cores (CPU time ÷ wall time)',
        charted.map((r) => ({ label: label(r), value: r.busyCores ?? 0, unit: 'cores' })),
      )
    : ''
}
<h2>Load on every core during each run</h2>
${loadCharts || '<p class="muted">No monitor samples were recorded.</p>'}
<h2>Machines</h2>
<table>
<thead><tr><th>CPU</th><th class="n">logical cores</th><th class="n">physical cores</th><th class="n">memory</th><th>OS</th><th>software</th></tr></thead>
<tbody>
${facts}
</tbody>
</table>
<p class="muted">Busy cores = CPU time ÷ wall time. Speedup = sequential wall time ÷ wall time, against the run’s own baseline, or “from #n”: the sequential run n of the same experiment in this session. Other load = cores’ worth busy that was not the run’s own. Waiting for a core = the share of the workers’ running time they were ready but had no core, as the OS scheduler measured it. A GIL-bound run stays near one busy core however many threads it has. Stopped runs are listed but not charted.</p>
</body>
</html>
`;
}
