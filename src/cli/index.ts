/**
 * The headless lab: `npm run lab -- run --workload cpu --mode processes --workers 2 --json`.
 * Errors are one line on stderr and a non-zero exit, never a stack trace.
 */
import { CpuMonitor } from '../core/monitor/cpu-monitor';
import { forkHost } from '../core/pool/process-host';
import { RunParamsError } from '../core/run/experiment';
import { LabPools } from '../core/run/lab-pools';
import { measure } from '../core/run/measure';
import { builtWorkerLocator } from '../core/workers/spawn-thread';
import { CliError, LAB_USAGE, parseLabArgs } from './args';
import { formatMeasurement, progressBar } from './format';

async function main(): Promise<number> {
  const command = parseLabArgs(process.argv.slice(2));
  if (command === 'help') {
    console.log(LAB_USAGE);
    return 0;
  }
  const locate = builtWorkerLocator(import.meta.url);
  const pools = new LabPools(locate, forkHost);
  const monitor = new CpuMonitor({ locateWorker: locate, hz: 10, log: () => {} });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  monitor.start();
  const tty = process.stderr.isTTY && !command.json;
  try {
    const result = await measure(pools, command.params, {
      repeat: command.repeat,
      baseline: command.baseline,
      monitor,
      signal: controller.signal,
      onEvent: (event, phase, round) => {
        if (!tty || event.type !== 'task-finished') return;
        const label = phase === 'baseline' ? `seq ${round + 1}` : `run ${round + 1}`;
        process.stderr.write(progressBar(event.done, event.total, label));
        if (event.done === event.total) process.stderr.write('\n');
      },
    });
    if (command.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatMeasurement(result));
    if (result.runs.some((r) => r.outcome === 'cancelled')) return 130;
    return result.verified ? 0 : 2;
  } finally {
    await Promise.all([pools.close(), monitor.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof CliError || error instanceof RunParamsError;
    console.error(`gil-lab: ${known ? (error as Error).message : `unexpected failure: ${(error as Error).message}`}`);
    process.exit(1);
  },
);
