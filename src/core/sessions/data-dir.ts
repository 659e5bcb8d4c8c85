import os from 'node:os';
import path from 'node:path';

/**
 * Where GIL Lab keeps its data when no --data-dir is given: the platform's per-user data folder
 * ($XDG_DATA_HOME or ~/.local/share on Linux, Application Support on macOS, %APPDATA% on
 * Windows). The Electron app uses app.getPath('userData') instead.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'GIL Lab');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'GIL Lab');
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
  return path.join(base, 'gil-lab');
}

/** Session files live in their own folder inside the data folder. */
export function sessionsDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'sessions');
}
