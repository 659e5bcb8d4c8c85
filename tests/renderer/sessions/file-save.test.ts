import { afterEach, describe, expect, it, vi } from 'vitest';
import { DialogSaver, DownloadSaver, bytesToBase64 } from '../../../src/renderer/src/lib/file-save';

afterEach(() => vi.restoreAllMocks());

describe('where exports go', () => {
  it('downloads in browser mode: a temporary <a download> on a Blob URL of the content', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:gil-lab/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { href: string; download: string; inDocument: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inDocument: document.body.contains(this) });
    });
    const outcome = await new DownloadSaver().save({
      name: 'lesson-1.md',
      mediaType: 'text/markdown',
      content: '| a |',
    });
    expect(outcome).toEqual({ saved: true, path: null });
    expect(clicked).toEqual([{ href: 'blob:gil-lab/1', download: 'lesson-1.md', inDocument: true }]);
    expect(await created[0]!.text()).toBe('| a |');
    expect(created[0]!.type).toBe('text/markdown;charset=utf-8');
    // The link is gone again.
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('uses the save dialog through the bridge in the desktop app, text as text and images as base64', async () => {
    const asked: unknown[] = [];
    const bridge = {
      saveFile: vi.fn(async (request: unknown) => {
        asked.push(request);
        return { saved: true, path: '/home/teacher/lesson.png' };
      }),
    };
    // Which saver the desktop app gets is host.test.ts's concern; this is what it does.
    const saver = new DialogSaver(bridge);
    expect(saver.kind).toBe('dialog');
    await saver.save({ name: 'a.json', mediaType: 'application/json', content: '{}' });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    await expect(saver.save({ name: 'a.png', mediaType: 'image/png', content: new Blob([png]) })).resolves.toEqual({
      saved: true,
      path: '/home/teacher/lesson.png',
    });
    expect(asked).toEqual([
      { suggestedName: 'a.json', mediaType: 'application/json', text: '{}' },
      { suggestedName: 'a.png', mediaType: 'image/png', base64: 'iVBORwD/' },
    ]);
  });

  it("passes the main process's refusal on without Electron's prefix, and checks its answer", async () => {
    const refusing = new DialogSaver({
      saveFile: async () => {
        throw new Error(
          'Error invoking remote method \'file:save\': ContractError: could not save "a.json": no permission to write in /x',
        );
      },
    });
    await expect(refusing.save({ name: 'a.json', mediaType: 'application/json', content: '{}' })).rejects.toThrow(
      /^could not save "a\.json": no permission to write in \/x$/,
    );
    const odd = new DialogSaver({ saveFile: async () => ({ saved: 'yes' }) as never });
    await expect(odd.save({ name: 'a.json', mediaType: 'application/json', content: '{}' })).rejects.toThrow(
      /Response on "file:save"/,
    );
  });

  it('base64-encodes large byte arrays in slices', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
