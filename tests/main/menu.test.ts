import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => ({}));
const { buildMenuTemplate } = await import('../../src/main/menu');

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('has the usual roles on %s', (platform) => {
    const all = roles(buildMenuTemplate(platform));
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'reload',
      'toggleDevTools',
      'togglefullscreen',
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'minimize',
    ]) {
      expect(all).toContain(role);
    }
  });

  it('gives macOS its app menu and others a File ▸ Quit with Ctrl+Q', () => {
    const mac = buildMenuTemplate('darwin');
    expect(mac[0]!.label).toBe('GIL Lab');
    expect(roles(mac)).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
    const linux = buildMenuTemplate('linux');
    const file = linux.find((item) => item.label === '&File')!;
    expect(file.submenu).toEqual([{ role: 'quit', accelerator: 'CmdOrCtrl+Q' }]);
    expect(linux.every((item) => typeof item.label === 'string' && item.label.startsWith('&'))).toBe(true);
  });
});
