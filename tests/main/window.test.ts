import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  const state = {
    windows: [] as { options: Record<string, unknown>; contents: Record<string, unknown>; loaded: string[] }[],
    permissionRequest: undefined as undefined | Handler,
    permissionCheck: undefined as undefined | Handler,
    openedExternally: [] as string[],
  };
  class BrowserWindow {
    readonly webContents: Record<string, unknown>;
    private readonly record;
    constructor(options: Record<string, unknown>) {
      const listeners: Record<string, Handler> = {};
      const contents = {
        listeners,
        windowOpenHandler: undefined as undefined | Handler,
        setWindowOpenHandler(handler: Handler) {
          contents.windowOpenHandler = handler;
        },
        on(event: string, handler: Handler) {
          listeners[event] = handler;
        },
        getURL: () => 'file:///app/out/renderer/index.html',
      };
      this.webContents = contents;
      this.record = { options, contents, loaded: [] as string[] };
      state.windows.push(this.record);
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    state,
    module: {
      BrowserWindow,
      shell: { openExternal: (url: string) => state.openedExternally.push(url) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h: Handler) => (state.permissionRequest = h),
          setPermissionCheckHandler: (h: Handler) => (state.permissionCheck = h),
        },
      },
    },
  };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const { createMainWindow, refusePermissions } = await import('../../src/main/window');

describe('main window', () => {
  beforeEach(() => {
    electron.state.windows.length = 0;
    electron.state.openedExternally.length = 0;
  });

  it('uses the Electron security checklist settings', () => {
    createMainWindow({ preloadPath: '/app/preload/index.cjs', rendererUrl: 'file:///app/out/renderer/index.html' });
    const prefs = electron.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    // Every setting, exactly: the checklist's own and the rest, so none is dropped unnoticed.
    expect(prefs).toEqual({
      preload: '/app/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
    });
    expect(electron.state.windows[0]!.loaded).toEqual(['file:///app/out/renderer/index.html']);
  });

  it('denies every new window, sending only https links to the system browser', () => {
    createMainWindow({ preloadPath: 'p', rendererUrl: 'file:///app/out/renderer/index.html' });
    const handler = electron.state.windows[0]!.contents.windowOpenHandler as Handler;
    expect(handler({ url: 'https://docs.python.org/3/library/threading.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.state.openedExternally).toEqual(['https://docs.python.org/3/library/threading.html']);
  });

  it('turns off middle-click (Auxclick), which would open links without a click event', () => {
    createMainWindow({ preloadPath: 'p', rendererUrl: 'file:///app/out/renderer/index.html' });
    const prefs = electron.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(String(prefs.disableBlinkFeatures).split(',')).toContain('Auxclick');
  });

  it('opens only documentation hosts in the system browser, and nothing inside the app', () => {
    createMainWindow({ preloadPath: 'p', rendererUrl: 'file:///app/out/renderer/index.html' });
    const handler = electron.state.windows[0]!.contents.windowOpenHandler as Handler;
    const asked = [
      'https://peps.python.org/pep-0703/',
      'https://evil.example/',
      'https://docs.python.org.evil.com/3/',
      'https://docs.python.org@evil.com/',
      'http://docs.python.org/3/',
      'javascript:alert(1)',
    ];
    for (const url of asked) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(electron.state.openedExternally).toEqual(['https://peps.python.org/pep-0703/']);
  });

  it('blocks navigation away from the app and webview attachment', () => {
    createMainWindow({ preloadPath: 'p', rendererUrl: 'file:///app/out/renderer/index.html' });
    const listeners = electron.state.windows[0]!.contents.listeners as Record<string, Handler>;
    const away = { preventDefault: vi.fn() };
    listeners['will-navigate']!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    listeners['will-navigate']!(reload, 'file:///app/out/renderer/index.html');
    expect(reload.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners['will-attach-webview']!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('refuses every permission request and check', () => {
    refusePermissions();
    const callback = vi.fn();
    electron.state.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(electron.state.permissionCheck!({}, 'notifications')).toBe(false);
  });
});
