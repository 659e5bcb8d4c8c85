import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SaveDialogOptions } from 'electron';

vi.mock('electron', () => ({}));
const { fileSaveHandlers, safeFileName } = await import('../../src/main/file-save');
const { handleFromApp } = await import('../../src/main/ipc');

const APP_URL = 'file:///app/out/renderer/index.html';
type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gil-lab-save-'));
  made.push(dir);
  return dir;
}

/** The handler as Electron would hold it, with a dialog that answers `answer` and records what it was asked. */
function setUp(answer: (options: SaveDialogOptions) => { canceled: boolean; filePath?: string }) {
  const handlers = new Map<string, Handler>();
  const ipc = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  };
  const asked: SaveDialogOptions[] = [];
  const downloads = tempDir();
  // Registered the way every channel is (registerIpc does the same with the engine's beside it).
  const dispose = handleFromApp(
    ipc as never,
    fileSaveHandlers({
      showSaveDialog: async (options) => {
        asked.push(options);
        return { canceled: answer(options).canceled, filePath: answer(options).filePath ?? '' };
      },
      defaultDir: downloads,
    }),
    APP_URL,
  );
  const trusted = { senderFrame: { url: APP_URL, parent: null } };
  return {
    handlers,
    asked,
    downloads,
    dispose,
    save: (payload: unknown) => handlers.get('file:save')!(trusted, payload),
  };
}

describe('file:save in the desktop app', () => {
  it('registers one handler and removes it again', () => {
    const { handlers, dispose } = setUp(() => ({ canceled: true }));
    expect([...handlers.keys()]).toEqual(['file:save']);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('opens the dialog in Downloads with the suggested name, and writes the text where the user chose', async () => {
    const chosen = path.join(tempDir(), 'my lesson.md');
    const { save, asked, downloads } = setUp(() => ({ canceled: false, filePath: chosen }));
    await expect(save({ suggestedName: 'lesson-1.md', mediaType: 'text/markdown', text: '| a |\n' })).resolves.toEqual({
      saved: true,
      path: chosen,
    });
    expect(asked[0]!.defaultPath).toBe(path.join(downloads, 'lesson-1.md'));
    expect(asked[0]!.filters?.[0]).toEqual({ name: 'Markdown', extensions: ['md'] });
    expect(readFileSync(chosen, 'utf8')).toBe('| a |\n');
    // Atomic: no temp file is left beside it.
    expect(readdirSync(path.dirname(chosen))).toEqual(['my lesson.md']);
  });

  it('writes base64 content as the bytes it encodes', async () => {
    const chosen = path.join(tempDir(), 'chart.png');
    const { save } = setUp(() => ({ canceled: false, filePath: chosen }));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]);
    await save({ suggestedName: 'chart.png', mediaType: 'image/png', base64: png.toString('base64') });
    expect(readFileSync(chosen).equals(png)).toBe(true);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const { save, downloads } = setUp(() => ({ canceled: true }));
    await expect(save({ suggestedName: 'a.json', mediaType: 'application/json', text: '{}' })).resolves.toEqual({
      saved: false,
      path: null,
    });
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('uses only the file name part of a suggestion, so the renderer cannot aim the dialog elsewhere', async () => {
    const { save, asked, downloads } = setUp(() => ({ canceled: true }));
    await save({ suggestedName: '../../etc/passwd', mediaType: 'text/plain', text: 'x' });
    await save({ suggestedName: 'C:\\Windows\\win.ini', mediaType: 'text/plain', text: 'x' });
    expect(asked.map((o) => o.defaultPath)).toEqual([path.join(downloads, 'passwd'), path.join(downloads, 'win.ini')]);
    expect(safeFileName('..')).toBe('export');
    expect(safeFileName('a\u0000b\u202e<c>.csv')).toBe('ab-c-.csv');
  });

  it('refuses a request from another frame without opening the dialog', async () => {
    const { handlers, asked } = setUp(() => ({ canceled: true }));
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const event = { senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(
      handlers.get('file:save')!(event, { suggestedName: 'a', mediaType: 'text/plain', text: '' }),
    ).rejects.toThrow(/sender not allowed/);
    spy.mockRestore();
    expect(asked).toHaveLength(0);
  });

  it('refuses a malformed request before the dialog', async () => {
    const { save, asked } = setUp(() => ({ canceled: true }));
    await expect(save({ suggestedName: 'a', mediaType: 'text/plain', path: '/tmp/x', text: '' })).rejects.toThrow(
      /file:save/,
    );
    await expect(save({ suggestedName: 'a', mediaType: 'text/plain' })).rejects.toThrow(/file:save/);
    expect(asked).toHaveLength(0);
  });

  it('says in one line why a write failed, and leaves an existing file as it was', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'keep me');
    const { save } = setUp(() => ({ canceled: false, filePath: path.join(blocker, 'a.json') }));
    const error = (await save({ suggestedName: 'a.json', mediaType: 'application/json', text: '{}' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toMatch(/^could not save "a\.json": /);
    expect(String(error.message)).not.toContain('\n');
    expect(readFileSync(blocker, 'utf8')).toBe('keep me');
  });
});
