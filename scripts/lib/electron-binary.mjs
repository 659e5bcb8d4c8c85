// Electron's binary for `npm start`. `npm install` never downloads it (.npmrc sets ignore-scripts,
// so a network that blocks the download cannot fail the install); the first `npm start` fetches it
// here, with short network timeouts so a blocked network costs seconds, not minutes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './build.mjs';

const electronDir = path.join(root, 'node_modules', 'electron');
const fromElectron = createRequire(path.join(electronDir, 'package.json'));

/** Timeouts per request (ms): a silent network fails fast; a slow but live download goes on. */
export const FETCH_TIMEOUTS = { lookup: 5_000, connect: 5_000, secureConnect: 5_000, response: 10_000, socket: 30_000 };

/** The path of the installed Electron binary, or undefined when it is absent. */
export function installedElectron() {
  try {
    // In Node, the electron package exports the path of the binary its install.js put in dist/.
    const binary = fromElectron('./index.js');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/** Prints progress on stderr: one updating line on a terminal, a line per 20% otherwise. */
function progressPrinter(version) {
  let started = false;
  let lastStep = -1;
  const tty = process.stderr.isTTY;
  return {
    update({ percent, total }) {
      if (!started) {
        started = true;
        const size = total ? ` (${Math.round(total / 1e6)} MB)` : '';
        process.stderr.write(`GIL Lab: fetching Electron ${version}${size} for the desktop app, once…\n`);
      }
      const shown = Math.floor(percent * 100);
      if (tty) process.stderr.write(`\r  ${shown}%`);
      else if (Math.floor(shown / 20) > lastStep) {
        lastStep = Math.floor(shown / 20);
        process.stderr.write(`  ${shown}%\n`);
      }
    },
    end() {
      if (started && tty) process.stderr.write('\n');
    },
  };
}

/**
 * Downloads Electron's zip into Electron's own cache with bounded timeouts, then lets Electron's
 * install.js unpack it from there (the same layout `npm install` would have made).
 * Resolves to { ok: true } or { ok: false, reason } with a one-line reason.
 */
export async function fetchElectron() {
  const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const progress = progressPrinter(version);
  try {
    const { downloadArtifact } = fromElectron('@electron/get');
    // @electron/get would otherwise draw its own progress bar after 30 s.
    process.env.ELECTRON_GET_NO_PROGRESS = '1';
    const remoteChecksums =
      process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums;
    await downloadArtifact({
      version,
      artifactName: 'electron',
      platform: process.env.npm_config_platform || process.platform,
      arch: process.env.npm_config_arch || process.arch,
      cacheRoot: process.env.electron_config_cache,
      checksums: remoteChecksums ? undefined : fromElectron('./checksums.json'),
      downloadOptions: {
        quiet: true,
        timeout: FETCH_TIMEOUTS,
        retry: { limit: 0 },
        getProgressCallback: (p) => progress.update(p),
      },
    });
  } catch (error) {
    progress.end();
    return { ok: false, reason: firstLine(error) };
  }
  progress.end();
  const unpack = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (unpack.status !== 0 || !installedElectron()) {
    return { ok: false, reason: `unpacking it failed: ${firstLine(unpack.stderr || `exit ${unpack.status}`)}` };
  }
  return { ok: true };
}
