/**
 * The headless lab: `npm run lab -- run --workload cpu --mode processes --workers 2 --json`,
 * plus the session commands (sessions, export, import). Errors are one line on stderr and a
 * non-zero exit, never a stack trace.
 */
import { appInfo } from '../core/app-info';
import { PythonBackend } from '../core/backends/python';
import { closeBackends, createBackends } from '../core/backends/registry';
import { buildSubmission } from '../core/classroom/board-sender';
import { PythonError } from '../core/python/interpreter';
import { CpuMonitor } from '../core/monitor/cpu-monitor';
import { forkHost } from '../core/pool/process-host';
import { RunManager } from '../core/run/run-manager';
import { parseRunParams, RunParamsError } from '../core/run/run-params';
import { readMachineSnapshot } from '../core/sessions/machine-snapshot';
import { SessionService, type RunKept } from '../core/sessions/session-service';
import { builtWorkerLocator } from '../core/workers/spawn-thread';
import { useSessionCodecThread } from '../core/sessions/session-file';
import type { EventPayload } from '../shared/contract';
import { CliError, LAB_USAGE, parseLabArgs, type RunCommand } from './args';
import { formatMeasurement, progressBar } from './format';
import { checkJoinAddress, submitToBoard } from './submit';
import { choosePython, interpreterForRun, listPythons, pythonChoice } from './python-commands';
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
    case 'pythons':
      return command.choose === undefined
        ? listPythons(pythonChoice(command.dataDir), command.dataDir, command.json)
        : choosePython(
            pythonChoice(command.dataDir, { firstUsable: true }),
            command.dataDir,
            command.choose,
            command.json,
          );
    case 'run':
      return run(command);
  }
}

async function run(command: RunCommand): Promise<number> {
  const locateWorker = builtWorkerLocator(import.meta.url);
  // Large sessions are encoded and checked on their own thread, off the engine's.
  useSessionCodecThread(locateWorker);
  const backends = createBackends({ locateWorker, processHost: forkHost, threadSamplerHz: command.sampleHz });
  // Parameters and the session are checked first, so a mistake fails before minutes of measuring;
  // a real Python is asked first what it is and which modes it has. Without --python, runs use
  // the one chosen in the data folder, as the app does.
  if (command.params.backend === 'python' && backends.python instanceof PythonBackend) {
    const python =
      command.params.python ?? (await interpreterForRun(pythonChoice(command.dataDir, { firstUsable: true })));
    if (python !== undefined) command.params.python = python;
    await backends.python.interpreter(command.params.python);
  }
  const params = parseRunParams(command.params, backends);
  if (command.submit !== undefined) checkJoinAddress(command.submit);
  const store = command.session === undefined ? undefined : await openStore(command.dataDir);
  const session = command.session === undefined ? undefined : await store!.ensure(command.session);
  const monitor = new CpuMonitor({ locateWorker, hz: 10, log: () => {} });
  const runs = new RunManager(backends, monitor);
  const sessions = store
    ? new SessionService({ dataDir: store, app: appInfo('cli'), monitor, readMachine: readMachineSnapshot })
    : undefined;
  const stopRecording = sessions?.follow(runs);
  const tty = process.stderr.isTTY && !command.json;
  monitor.start();
  try {
    const finished = new Promise<EventPayload<'run:finished'>>((resolve) => runs.finished.add(resolve));
    const kept = sessions && new Promise<RunKept>((resolve) => sessions.kept.add(resolve));
    runs.progressed.add(({ events, phase, round }) => {
      if (!tty) return;
      for (const event of events) {
        if (event.type !== 'task-finished') continue;
        process.stderr.write(
          progressBar(event.done, event.total, `${phase === 'baseline' ? 'seq' : 'run'} ${round + 1}`),
        );
        if (event.done === event.total) process.stderr.write('\n');
      }
    });
    const { runId } = runs.begin({
      params,
      repeat: command.repeat,
      baseline: command.baseline,
      sessionId: session?.id,
    });
    const stop = () => runs.cancel(runId);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const { measurement, error } = await finished;
    if (!measurement) throw new CliError(error ?? 'the run ended without a result');
    if (command.json) console.log(JSON.stringify(measurement, null, 2));
    else console.log(formatMeasurement(measurement));
    if (kept) {
      const where = await kept;
      if (!where.session?.saved) throw new CliError(where.error ?? 'the session could not be saved');
      console.error(`saved as run ${where.session.runs} of session "${where.session.name}" in ${store!.dir}`);
    }
    if (command.submit !== undefined && measurement.outcome === 'completed') {
      const machine = await readMachineSnapshot((await monitor.machineInfo()).loadSource);
      await submitToBoard(
        command.submit,
        buildSubmission({ measurement, machine, app: appInfo('cli'), student: command.student }),
      );
      console.error(`sent to the class board at ${new URL(command.submit).host}`);
    }
    if (measurement.outcome === 'cancelled') return 130;
    return measurement.outcome === 'completed' && measurement.verified ? 0 : 2;
  } finally {
    stopRecording?.();
    await sessions?.close();
    await Promise.all([closeBackends(backends), monitor.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof CliError ||
      error instanceof RunParamsError ||
      error instanceof SessionStoreError ||
      error instanceof PythonError;
    console.error(
      `gil-lab: ${known ? (error as Error).message : `unexpected failure: ${String((error as Error).message).split('\n')[0]}`}`,
    );
    process.exit(1);
  },
);
