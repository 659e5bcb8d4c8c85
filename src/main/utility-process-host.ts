import { utilityProcess, type UtilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import { lastWordOf, processExitReason, type ProcessHost } from '../core/pool/process-host';

/**
 * The process pool's host inside the desktop app: Electron's utilityProcess, whose
 * serviceName ("GIL Lab worker 3") is what the OS task manager shows for each worker.
 */
export function utilityProcessHost(fork: typeof utilityProcess.fork = utilityProcess.fork): ProcessHost {
  return {
    name: 'utilityProcess',
    start(entry, serviceName) {
      const child: UtilityProcess = fork(fileURLToPath(entry.url), entry.argv ?? [], { serviceName, stdio: 'inherit' });
      let exitCode: number | undefined;
      let lastWord: string | null = null;
      child.on('message', (message) => (lastWord ??= lastWordOf(message)));
      const exited = new Promise<void>((resolve) =>
        child.once('exit', (code) => {
          exitCode = code;
          resolve();
        }),
      );
      return {
        kind: 'process',
        get pid() {
          return child.pid ?? -1;
        },
        get alive() {
          return exitCode === undefined;
        },
        post: (message) => {
          if (exitCode === undefined) child.postMessage(message);
        },
        onMessage: (listener) =>
          child.on('message', (message) => {
            if (lastWordOf(message) === null) listener(message);
          }),
        onExit: (listener) => void exited.then(() => listener(processExitReason(lastWord, exitCode ?? null))),
        kill: async () => {
          if (exitCode === undefined) child.kill();
          await exited;
        },
      };
    },
  };
}
