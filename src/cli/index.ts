/**
 * The headless lab: `npm run lab -- run --workload cpu --mode processes --workers 2 --json`,
 * plus the session commands (sessions, export, import). Errors are one line on stderr and a
 * non-zero exit, never a stack trace.
 */
import { appInfo } from '../core/app-info';
import { CpuMonitor } from '../core/monitor/cpu-monitor';
import { forkHost } from '../core/pool/process-host';
import { RunParamsError } from '../core/run/experiment';
import { LabPools } from '../core/run/lab-pools';
import { measure } from '../core/run/measure';
import { readMachineSnapshot } from '../core/sessions/machine-snapshot';
import { RunRecording } from '../core/sessions/recorder';
import { builtWorkerLocator } from '../core/workers/spawn-thread';
import { MeasurementSchema } from '../shared/measurement';
import { CliError, LAB_USAGE, parseLabArgs, type RunCommand } from './args';
import { formatMeasurement, progressBar } from './format';
import { exportCommand, importCommand, listSessions, openStore, SessionStoreError } from './session-commands';

async function main(): Promise<number> {
  const command = parseLabArgs(process.argv.slice(2));
  if (command === 'help') {
    console.log(LAB_USAGE);
    return 0;
  }
  switch (command.command) {
    case 'sessions':
      return listSessions(command.dataDir, command.json);
    case 'export':
      return exportCommand(command.dataDir, command.session, command.format, command.out);
    case 'import':
      return importCommand(command.dataDir, command.file, command.json);
    case 'run':
      return run(command);
  }
}

async function run(command: RunCommand): Promise<number> {
  // Open the session first, so a bad name or folder fails before minutes of measuring.
  const store = command.session === undefined ? undefined : await openStore(command.dataDir);
  const session = command.session === undefined ? undefined : await store!.ensure(command.session);
  const locate = builtWorkerLocator(import.meta.url);
  const pools = new LabPools(locate, forkHost);
  const monitor = new CpuMonitor({ locateWorker: locate, hz: 10, log: () => {} });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  monitor.start();
  const recording = session ? new RunRecording(crypto.randomUUID()) : undefined;
  const stopRecording = recording ? monitor.onSample((s) => recording.sample(s)) : undefined;
  const tty = process.stderr.isTTY && !command.json;
  try {
    const result = await measure(pools, command.params, {
      repeat: command.repeat,
      baseline: command.baseline,
      monitor,
      signal: controller.signal,
      onEvent: (event, phase, round) => {
        recording?.event(event, phase, round);
        if (!tty || event.type !== 'task-finished') return;
        const label = phase === 'baseline' ? `seq ${round + 1}` : `run ${round + 1}`;
        process.stderr.write(progressBar(event.done, event.total, label));
        if (event.done === event.total) process.stderr.write('\n');
      },
    });
    stopRecording?.();
    if (command.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatMeasurement(result));
    if (store && session && recording) {
      const machine = await readMachineSnapshot((await monitor.machineInfo()).loadSource);
      const saved = await store.appendRun(
        session.id,
        recording.finish(MeasurementSchema.parse(result), { machine, app: appInfo('cli') }),
      );
      if (!saved.saved) throw new CliError(saved.saveError ?? 'the session could not be saved');
      console.error(`saved as run ${saved.runs} of session "${saved.name}" in ${store.dir}`);
    }
    if (result.runs.some((r) => r.outcome === 'cancelled')) return 130;
    return result.verified ? 0 : 2;
  } finally {
    await Promise.all([pools.close(), monitor.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof CliError || error instanceof RunParamsError || error instanceof SessionStoreError;
    console.error(
      `gil-lab: ${known ? (error as Error).message : `unexpected failure: ${String((error as Error).message).split('\n')[0]}`}`,
    );
    process.exit(1);
  },
);
