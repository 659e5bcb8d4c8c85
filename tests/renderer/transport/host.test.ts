import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectHost } from '../../../src/renderer/src/host';
import { APP } from '../../support/memory-transport';
import { BRIDGE_GLOBAL } from '../../../src/shared/channels';
import { fakeBridge } from './fake-bridge';

/** Browser mode's socket, kept from connecting anywhere: only where it was aimed matters. */
class QuietSocket {
  static readonly OPEN = 1;
  static aimedAt: string[] = [];
  readonly readyState = 0;
  constructor(url: string) {
    QuietSocket.aimedAt.push(url);
  }
  addEventListener(): void {}
  send(): void {}
  close(): void {}
}

afterEach(() => {
  vi.unstubAllGlobals();
  QuietSocket.aimedAt = [];
});

describe('choosing the host, once', () => {
  it("inside the desktop app, reaches the engine and the save dialog through the preload's bridge", async () => {
    vi.stubGlobal('WebSocket', QuietSocket);
    const saved: unknown[] = [];
    const fake = fakeBridge(
      (channel) => (channel === 'app:get-info' ? APP : undefined),
      async (request) => {
        saved.push(request);
        return { saved: true, path: '/home/teacher/a.md' };
      },
    );
    const host = selectHost({ [BRIDGE_GLOBAL]: fake.bridge });
    expect(host.transport.kind).toBe('electron');
    expect(host.fileSaver.kind).toBe('dialog');
    await expect(host.transport.invoke('app:get-info')).resolves.toEqual(APP);
    await expect(host.fileSaver.save({ name: 'a.md', mediaType: 'text/markdown', content: '# a' })).resolves.toEqual({
      saved: true,
      path: '/home/teacher/a.md',
    });
    expect(fake.calls.map((c) => c.method)).toEqual(['getAppInfo']);
    expect(saved).toEqual([{ suggestedName: 'a.md', mediaType: 'text/markdown', text: '# a' }]);
    expect(QuietSocket.aimedAt).toEqual([]);
  });

  it('falls back to downloads where there is no bridge', () => {
    vi.stubGlobal('WebSocket', QuietSocket);
    const host = selectHost({});
    expect(host.transport.kind).toBe('browser');
    expect(host.fileSaver.kind).toBe('download');
    expect(QuietSocket.aimedAt).toHaveLength(1);
    expect(QuietSocket.aimedAt[0]).toMatch(/^wss?:\/\/.*\/ws$/);
    host.transport.close();
    // Part of a bridge is not the desktop app's.
    expect(selectHost({ [BRIDGE_GLOBAL]: { listSessions: () => {} } }).fileSaver.kind).toBe('download');
    const { saveFile: _saveFile, ...withoutSave } = fakeBridge().bridge;
    expect(selectHost({ [BRIDGE_GLOBAL]: withoutSave }).transport.kind).toBe('browser');
  });
});
