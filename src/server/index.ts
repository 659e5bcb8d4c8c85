/**
 * Browser mode: the same engine and renderer as the desktop app, served on 127.0.0.1.
 * `npm run web -- --port N`.
 */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { appInfo } from '../core/app-info';
import { LabCore } from '../core/lab-core';
import { EventLoopWatch } from '../core/util/event-loop-watch';
import { forkHost } from '../core/pool/process-host';
import { createBackends } from '../core/backends/registry';
import { builtWorkerLocator } from '../core/workers/spawn-thread';
import { useSessionCodecThread } from '../core/sessions/session-file';
import { ArgsError, parseServerArgs, SERVER_USAGE } from './args';
import { startWebServer } from './web-server';
import { classSharer } from '../core/net/share-listener';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ArgsError) fail(`${error.message}. See --help.`);
    throw error;
  }
  if (args === 'help') {
    console.log(SERVER_USAGE);
    return;
  }
  const rendererDir = args.rendererDir ?? fileURLToPath(new URL('../renderer', import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) fail(`No built renderer in ${rendererDir}; run "npm run build" first.`);

  const locateWorker = builtWorkerLocator(import.meta.url);
  // Large sessions are encoded and checked on their own thread, off the engine's.
  useSessionCodecThread(locateWorker);
  const core = new LabCore({
    app: appInfo('browser'),
    monitor: { locateWorker, syntheticCores: args.syntheticCores },
    backends: createBackends({ locateWorker, processHost: forkHost }),
    sessions: { dataDir: args.dataDir },
  });
  let server;
  try {
    server = await startWebServer({ core, rendererDir, port: args.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`Port ${args.port} is already in use. Choose another with --port N.`);
    if (code === 'EACCES') fail(`Not allowed to listen on port ${args.port}. Choose a port above 1024.`);
    fail(`Could not start the server: ${(error as Error).message}`);
  }
  // The class listener runs beside the loopback one on the same engine, when --share or the app asks.
  core.classroom.useSharer(
    classSharer({
      core,
      rendererDir,
      host: args.shareHost,
      port: args.sharePort,
      maxFollowers: args.maxFollowers,
    }),
  );
  core.start();
  console.log(`GIL Lab at ${server.url}`);
  if (args.share) {
    try {
      const share = await core.invoke('class:share-start', {});
      const { joinUrl, roomCode } = share as { joinUrl: string; roomCode: string };
      console.log(`GIL Lab class at ${joinUrl}`);
      console.log(`Room code ${roomCode}`);
    } catch (error) {
      fail(`Could not share on ${args.shareHost}: ${(error as Error).message}`);
    }
  }

  const watch = args.diagnostics ? new EventLoopWatch().start() : undefined;
  // SIGUSR2 prints the report and starts a fresh window, so start-up is not counted as a stall.
  const report = (): void => {
    if (!watch) return;
    console.error(`diagnostics ${JSON.stringify({ eventLoop: watch.report() })}`);
    watch.reset();
  };
  if (watch) process.on('SIGUSR2', report);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.error(`[gil-lab web] ${signal}: shutting down`);
    report();
    const force = setTimeout(() => process.exit(1), 3000);
    force.unref();
    void Promise.all([core.invoke('class:share-stop', {}), server.close(), core.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  if (args.open) {
    const { default: open } = await import('open');
    open(server.url).catch(() => console.error(`[gil-lab web] could not open a browser; visit ${server.url}`));
  }
}

function fail(message: string): never {
  console.error(`gil-lab: ${message}`);
  process.exit(1);
}

main().catch((error: unknown) => fail(`unexpected failure: ${(error as Error).message}`));
