// `npm start`: the desktop app, or browser mode in one clear line when Electron's binary is absent.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildIfStale, root } from './lib/build.mjs';

function electronBinary() {
  try {
    // In Node, the electron package exports the path of the binary its postinstall downloaded.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'GIL Lab: no Electron binary is installed (was ELECTRON_SKIP_BINARY_DOWNLOAD set?), so starting browser mode instead.',
  );
  await import('./web.mjs');
} else {
  if (!buildIfStale()) process.exit(1);
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
