import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/core/sessions/atomic-write';
import { decodeSessionBytes, encodeSessionFile } from '../../../src/core/sessions/session-file';
import { syntheticSession } from '../../../src/core/sessions/synthetic-session';
import { useTempDirs } from './helpers';

const CHILD = path.join(import.meta.dirname, 'support', 'writer-child.ts');

/**
 * Starts a writer, lets it save at least once, then kills it with SIGKILL: at a random moment,
 * or (`inWrite`) as soon as a temp file shows the next save is under way.
 */
async function killMidSave(
  target: string,
  a: string,
  b: string,
  mode: 'atomic' | 'naive',
  inWrite = false,
): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, target, a, b, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited with ${code} before saving`)));
  });
  if (inWrite) await until(() => readdirSync(path.dirname(target)).some((f) => f.endsWith('.tmp')));
  else await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
  child.kill('SIGKILL');
  await exited;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}

describe('atomic session writes', () => {
  const tempDir = useTempDirs();

  async function prepare() {
    const dir = tempDir();
    // Two versions of about a megabyte each, so a save takes long enough to be interrupted.
    const versions = await Promise.all(
      [1, 2].map((seed) => encodeSessionFile(syntheticSession({ cores: 128, hz: 10, seconds: 600, seed }))),
    );
    const files = versions.map((bytes, i) => {
      const file = path.join(dir, `v${i}.bin`);
      writeFileSync(file, bytes);
      return file;
    }) as [string, string];
    return { dir, versions, files };
  }

  it('replaces a file whole, and leaves no temp file behind', async () => {
    const dir = tempDir();
    const target = path.join(dir, 's.session.json.gz');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, 'second');
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['s.session.json.gz']);
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x'), 'y')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the previous file intact and valid when the writer is killed mid-save, 50 times', async () => {
    const { dir, versions, files } = await prepare();
    const target = path.join(dir, 'lesson.session.json.gz');
    let killedMidWrite = 0;
    for (let i = 0; i < 50; i++) {
      // Half the kills land at random, half while a save is visibly under way.
      await killMidSave(target, files[0], files[1], 'atomic', i % 2 === 1);
      expect(existsSync(target)).toBe(true);
      const bytes = readFileSync(target);
      // Exactly one of the two complete versions, byte for byte, and it loads.
      expect(bytes.equals(versions[0]!) || bytes.equals(versions[1]!)).toBe(true);
      const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      if (temps.length > 0) killedMidWrite++;
      for (const t of temps) (await import('node:fs')).rmSync(path.join(dir, t));
    }
    await expect(decodeSessionBytes(readFileSync(target))).resolves.toMatchObject({ format: 'gil-lab-session' });
    // Evidence the kills really landed during saves, not only between them.
    expect(killedMidWrite).toBeGreaterThanOrEqual(10);
  }, 180_000);

  it('catches the damage a plain overwrite does under the same kills (the test can fail)', async () => {
    const { dir, versions, files } = await prepare();
    const target = path.join(dir, 'lesson.session.json.gz');
    let broken = 0;
    for (let i = 0; i < 20 && broken === 0; i++) {
      await killMidSave(target, files[0], files[1], 'naive');
      const bytes = readFileSync(target);
      if (!bytes.equals(versions[0]!) && !bytes.equals(versions[1]!)) broken++;
    }
    expect(broken).toBeGreaterThan(0);
  }, 120_000);
});
