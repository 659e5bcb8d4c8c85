import { BrowserWindow, session, shell, type WebPreferences } from 'electron';

/** The settings from Electron's security checklist; exported so tests can assert each one. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** The renderer's own URL: a file:// URL in production, the dev server in development. */
  rendererUrl: string;
  iconPath?: string;
}

/** Deny every permission request (camera, notifications, …): the lab needs none. */
export function refusePermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'GIL Lab',
    backgroundColor: '#0f1419',
    icon: options.iconPath,
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser; never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  void window.loadURL(options.rendererUrl);
  return window;
}
