import { BrowserWindow, session, shell } from 'electron';
import { documentationUrl } from './external-links';

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
    // Electron's security checklist, written out here so a reviewer and Electronegativity see it.
    webPreferences: {
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK: reviewed by hand, see README (Security)
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
      // A middle-click would otherwise open a link as a new window without a click event to cancel.
      disableBlinkFeatures: 'Auxclick',
    },
  });

  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    // Links to Python's documentation open in the user's browser; nothing opens inside the app.
    const allowed = documentationUrl(url);
    if (allowed !== null) void shell.openExternal(allowed); // eng-disable OPEN_EXTERNAL_JS_CHECK: allow-listed
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
