// Builds the app with electron-vite unless out/ is already newer than every source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const outputs = [
  'out/main/index.js',
  'out/main/server.js',
  'out/main/workers/sampler.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];
const inputs = ['src', 'package.json', 'package-lock.json', 'electron.vite.config.ts'];

function newestMtime(target) {
  const full = path.join(root, target);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function isBuildFresh() {
  const oldestOutput = Math.min(
    ...outputs.map((o) => (existsSync(path.join(root, o)) ? statSync(path.join(root, o)).mtimeMs : 0)),
  );
  return oldestOutput > 0 && oldestOutput >= Math.max(...inputs.map(newestMtime));
}

/** Returns true when the build is usable; prints one line and returns false when it failed. */
export function buildIfStale({ quiet = false } = {}) {
  if (isBuildFresh()) return true;
  if (!quiet) console.error('Building GIL Lab (electron-vite build)…');
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: quiet ? 'pipe' : ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stderr ?? '');
    console.error('GIL Lab: the build failed; see the messages above.');
    return false;
  }
  return true;
}
