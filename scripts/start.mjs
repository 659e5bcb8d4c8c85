// `npm start`: the desktop app. On first use it fetches Electron's binary when the network allows;
// otherwise it says why in one line and starts browser mode instead.
import { spawn } from 'node:child_process';
import { buildIfStale, root } from './lib/build.mjs';
import { fetchElectron, installedElectron } from './lib/electron-binary.mjs';

async function electronOrReason() {
  const installed = installedElectron();
  if (installed) return { binary: installed };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { reason: '(ELECTRON_SKIP_BINARY_DOWNLOAD is set)' };
  const fetched = await fetchElectron();
  if (!fetched.ok) return { reason: `and it could not be fetched (${fetched.reason})` };
  return { binary: installedElectron() };
}

const { binary, reason } = await electronOrReason();
if (!binary) {
  console.error(`GIL Lab: no Electron binary is installed ${reason}, so starting browser mode instead.`);
  await import('./web.mjs');
} else {
  if (!buildIfStale()) process.exit(1);
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
