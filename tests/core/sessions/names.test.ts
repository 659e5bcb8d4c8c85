import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, sessionsDir } from '../../../src/core/sessions/data-dir';
import {
  checkSessionName,
  newSessionId,
  sanitiseSessionName,
  sessionFilePath,
  uniqueName,
} from '../../../src/core/sessions/names';
import { SessionIdSchema } from '../../../src/shared/session';

describe('session names, ids and paths', () => {
  it('cleans any imported name into one a person could have typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const name = sanitiseSessionName(raw);
        expect(() => checkSessionName(name)).not.toThrow();
        expect(name.length).toBeLessThanOrEqual(120);
      }),
      { numRuns: 500 },
    );
  });

  it('derives ids from a safe alphabet, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (name) => {
        const id = newSessionId(name);
        expect(SessionIdSchema.safeParse(id).success).toBe(true);
        expect(path.dirname(sessionFilePath('/data/sessions', id))).toBe('/data/sessions');
      }),
    );
    expect(newSessionId('CPU: 4 cores, Ünïcode!')).toMatch(/^cpu-4-cores-unicode-[0-9a-f]{6}$/);
    expect(newSessionId('../..')).toMatch(/^session-[0-9a-f]{6}$/);
  });

  it('refuses an id that could leave the folder', () => {
    for (const id of ['../x', 'a/b', '.hidden', 'UPPER', '', 'x'.repeat(65), 'a\u0000b']) {
      expect(() => sessionFilePath('/data/sessions', id)).toThrow(/is not a session id/);
    }
  });

  it('finds the next free name, within the length limit', () => {
    const taken = new Set(['Lesson', 'Lesson (2)', 'x'.repeat(120)]);
    expect(uniqueName('Lesson', (n) => taken.has(n))).toBe('Lesson (3)');
    expect(uniqueName('New', (n) => taken.has(n))).toBe('New');
    const long = uniqueName('x'.repeat(120), (n) => taken.has(n));
    expect(long).toBe(`${'x'.repeat(116)} (2)`);
  });

  it('puts data in each platform’s per-user folder', () => {
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/gil-lab');
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/gil-lab');
    // The XDG spec says to ignore a relative XDG_DATA_HOME.
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'rel' }, '/home/ana')).toBe('/home/ana/.local/share/gil-lab');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/GIL Lab');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\GIL Lab',
    );
    expect(sessionsDir('/xdg/gil-lab')).toBe('/xdg/gil-lab/sessions');
  });
});
