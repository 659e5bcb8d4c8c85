import type { MenuItemConstructorOptions } from 'electron';

/** What the Class menu does: turn sharing with the class on and off. */
export interface ClassMenuActions {
  shareWithClass(): void;
  endSharing(): void;
}

/**
 * The application menu: the platform's usual roles, each with its standard accelerator, and a
 * Class menu when the app can share.
 */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  appName = 'GIL Lab',
  classActions?: ClassMenuActions,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Window',
      submenu: isMac
        ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
  );
  if (classActions) {
    template.splice(template.length - 1, 0, {
      label: '&Class',
      submenu: [
        { label: 'Share with Class', click: () => classActions.shareWithClass() },
        { label: 'End Sharing', click: () => classActions.endSharing() },
      ],
    });
  }
  return template;
}
