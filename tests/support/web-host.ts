/**
 * A real browser-mode server process run from the TypeScript source (under tsx), so tests can
 * attack it over loopback and watch its RSS and stderr. Prints "GIL Lab at <url>" when it
 * listens, logs to stderr as the built server does, and exits when its parent goes away.
 * Usage: node --import tsx tests/support/web-host.ts <data-dir> [hz]
 */
import '../../scripts/lib/exit-with-parent.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { startWebServer } from '../../src/server/web-server';
import { sourceWorkerLocator } from './workers';

const [dataDir, hz] = process.argv.slice(2);
const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-renderer-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>GIL Lab</title>');
process.on('exit', () => rmSync(rendererDir, { recursive: true, force: true }));
const core = new LabCore({
  app: appInfo('browser'),
  monitor: { locateWorker: sourceWorkerLocator, hz: Number(hz ?? 10) },
  sessions: dataDir ? { dataDir } : undefined,
});
const server = await startWebServer({ core, rendererDir, port: 0 });
core.start();
console.log(`GIL Lab at ${server.url}`);
process.on('SIGTERM', () => {
  void Promise.all([server.close(), core.close()]).then(() => process.exit(0));
});
