/** Electron main process: the composition root of the desktop app. Keep it thin. */
import { app, dialog, ipcMain, Menu } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appInfo } from '../core/app-info';
import { LabCore } from '../core/lab-core';
import { createBackends } from '../core/backends/registry';
import { builtWorkerLocator } from '../core/workers/spawn-thread';
import { useSessionCodecThread } from '../core/sessions/session-file';
import { classSharer } from '../core/net/share-listener';
import { fileSaveHandlers } from './file-save';
import { registerIpc } from './ipc';
import { utilityProcessHost } from './utility-process-host';
import { buildMenuTemplate } from './menu';
import { createMainWindow, refusePermissions } from './window';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererUrl = devServerUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;

if (!app.requestSingleInstanceLock()) app.quit();

const locateWorker = builtWorkerLocator(import.meta.url);
// Large sessions are encoded and checked on their own thread, off the engine's.
useSessionCodecThread(locateWorker);
const core = new LabCore({
  app: appInfo('electron'),
  monitor: { locateWorker },
  // Processes run as Electron utility processes, named for the OS task manager.
  backends: createBackends({ locateWorker, processHost: utilityProcessHost() }),
  // Sessions live in <userData>/sessions, beside Electron's own files.
  sessions: { dataDir: app.getPath('userData') },
});

// Sharing with the class runs a second listener here in the main process, beside the IPC, on
// the same engine and with the same per-connection code as browser mode.
core.classroom.useSharer(
  classSharer({ core, rendererDir: join(import.meta.dirname, '../renderer'), host: '0.0.0.0', port: 0 }),
);
const classMenu = {
  shareWithClass: () =>
    void core.invoke('class:share-start', {}).catch((e: Error) => console.error(`[gil-lab] ${e.message}`)),
  endSharing: () => void core.invoke('class:share-stop', {}),
};

void app.whenReady().then(() => {
  refusePermissions();
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, app.name, classMenu)));
  core.start();
  const window = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    rendererUrl,
    iconPath: join(import.meta.dirname, '../../resources/icon.png'),
  });
  const unregister = registerIpc(
    ipcMain,
    core,
    window.webContents,
    rendererUrl,
    // Exports go where the user picks in the native dialog, opening in Downloads.
    fileSaveHandlers({
      showSaveDialog: (options) => dialog.showSaveDialog(window, options),
      defaultDir: app.getPath('downloads'),
    }),
  );
  window.on('closed', () => unregister());
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => void core.invoke('class:share-stop', {}).finally(() => core.close()));
