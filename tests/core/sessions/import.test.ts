import { openSync, closeSync, ftruncateSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SESSION_SCHEMA_VERSION } from '../../../src/shared/session';
import { describe, expect, it } from 'vitest';
import { exportJson } from '../../../src/core/sessions/export';
import { SessionStore } from '../../../src/core/sessions/session-store';
import { packInts } from '../../../src/shared/session-codec';
import { MAX_SESSION_SAMPLES } from '../../../src/shared/session-limits';
import { arbitrarySession, smallSession, useTempDirs } from './helpers';

/** Everything but the fields an import is meant to change: id, name, and the imported mark. */
function content(doc: ReturnType<typeof smallSession>) {
  const { id: _id, name: _name, imported: _imported, ...rest } = doc;
  return rest;
}

const encoder = new TextEncoder();

describe('import', () => {
  const tempDir = useTempDirs();

  it('round-trips any session through JSON export and import with its content unchanged', async () => {
    const store = await SessionStore.open(tempDir());
    await fc.assert(
      fc.asyncProperty(arbitrarySession, async (doc) => {
        const text = exportJson(doc);
        const summary = await store.import(encoder.encode(text), 'x.json');
        const imported = store.get(summary.id);
        expect(content(imported)).toEqual(content(doc));
        expect(imported.imported?.originalName).toBe(doc.name);
        // And again from the store's own export: byte-identical JSON apart from the import mark.
        const again = await store.import(encoder.encode(exportJson(imported)), 'y.json');
        expect(content(store.get(again.id))).toEqual(content(doc));
      }),
      { numRuns: 60 },
    );
  });

  it('never overwrites: a clash gets a free name, and the import is marked', async () => {
    const dataDir = tempDir();
    const store = await SessionStore.open(dataDir);
    const mine = await store.create('Lesson 1');
    const bytes = encoder.encode(exportJson(smallSession('Lesson 1')));
    const first = await store.import(bytes, 'lesson.json');
    const second = await store.import(gzipSync(bytes), 'lesson.json.gz');
    expect([first.name, second.name]).toEqual(['Lesson 1 (2)', 'Lesson 1 (3)']);
    expect(first.importedFrom).toBe('Lesson 1');
    expect(new Set([mine.id, first.id, second.id]).size).toBe(3);
    expect(store.summary(mine.id).runs).toBe(0);
    expect((await SessionStore.open(dataDir)).list().sessions).toHaveLength(3);
  });

  it('cleans names in imported files rather than refusing them', async () => {
    const store = await SessionStore.open(tempDir());
    const hostile = { ...smallSession('x'), name: '../../etc/\u0000passwd\u202e' + 'y'.repeat(90) };
    const summary = await store.import(encoder.encode(JSON.stringify(hostile)), 'evil.json');
    // eslint-disable-next-line no-control-regex -- the point is that none survive
    expect(summary.name).not.toMatch(/[/\\\u0000\u202e]|\.\./);
    expect(summary.name.length).toBeLessThanOrEqual(120);
    expect(summary.name.startsWith('.-.-etc-passwd')).toBe(true);
  });

  describe('refuses hostile files, each with its own one-line reason, and stores nothing', () => {
    const valid = smallSession('Hostile');
    const json = JSON.stringify(valid);
    const bigBlob = 'A'.repeat(4 * 1024 * 1024);
    const tenMillion = 10_000_000;
    const corpus: [string, () => Uint8Array, RegExp][] = [
      ['not JSON', () => encoder.encode('wall_ms,speedup\n1,2\n'), /^"f\.json" is not JSON \(/],
      ['empty', () => new Uint8Array(0), /^"f\.json" is empty$/],
      [
        'truncated JSON',
        () => encoder.encode(json.slice(0, Math.floor(json.length * 0.7))),
        /is truncated: the JSON ends/,
      ],
      ['truncated gzip', () => gzipSync(json).subarray(0, 200), /is truncated: the gzip data ends/],
      ['binary', () => new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x90]), /is not text/],
      ['JSON that is not an object', () => encoder.encode('[1,2,3]'), /the JSON is an array, not an object/],
      ["another tool's JSON", () => encoder.encode(JSON.stringify({ results: [] })), /is not a GIL Lab session/],
      [
        'no schema version',
        () => encoder.encode(JSON.stringify({ ...valid, schemaVersion: undefined })),
        /has no "schemaVersion"/,
      ],
      [
        'a future schema version',
        () => encoder.encode(JSON.stringify({ ...valid, schemaVersion: SESSION_SCHEMA_VERSION + 1 })),
        new RegExp(`newer GIL Lab \\(schema version ${SESSION_SCHEMA_VERSION + 1}`),
      ],
      [
        'schema version 0',
        () => encoder.encode(JSON.stringify({ ...valid, schemaVersion: 0 })),
        /invalid "schemaVersion": 0/,
      ],
      [
        'an extra field',
        () => encoder.encode(JSON.stringify({ ...valid, runs: [{ ...valid.runs[0], extra: true }] })),
        /has unexpected field "extra" in runs\.0$/,
      ],
      [
        'a missing field',
        () => {
          const { machine: _m, ...run } = valid.runs[0]!;
          return encoder.encode(JSON.stringify({ ...valid, runs: [run] }));
        },
        /is missing the field runs\.0\.machine$/,
      ],
      ['a wrong type', () => encoder.encode(JSON.stringify({ ...valid, runs: 'many' })), /has an invalid runs: /],
      [
        'a column shorter than declared',
        () =>
          encoder.encode(
            JSON.stringify({ ...valid, runs: [{ ...valid.runs[0], load: { ...valid.runs[0]!.load, ticks: 21 } }] }),
          ),
        /runs\.0\.load: offsetsMs ends after 20 of 21 values|runs\.0\.load: .*holds/,
      ],
      [
        'a load above 100%',
        () => {
          const load = {
            ...valid.runs[0]!.load!,
            cores: 1,
            ticks: 2,
            offsetsMs: packInts([0, 100]),
            values: packInts([10, 1001]),
          };
          return encoder.encode(JSON.stringify({ ...valid, runs: [{ ...valid.runs[0], load }] }));
        },
        /runs\.0\.load: values value 1 is 1001, outside 0–1000/,
      ],
      [
        '10^7 samples',
        () => {
          // Declared and actually present: 10^7 one-core ticks of 0% pack to 10 MB of zero
          // bytes, under the size limit, so the count limit is what refuses it.
          const zeros = Buffer.alloc(tenMillion).toString('base64');
          const load = { ...valid.runs[0]!.load!, cores: 1, ticks: tenMillion, offsetsMs: zeros, values: zeros };
          return gzipSync(JSON.stringify({ ...valid, runs: [{ ...valid.runs[0], load }] }));
        },
        new RegExp(`has 10,000,000 load samples; the limit is ${MAX_SESSION_SAMPLES.toLocaleString('en')}$`),
      ],
      [
        'a gzip bomb',
        () => gzipSync(Buffer.alloc(70 * 1024 * 1024, 32)),
        /expands to more than 64\.0 MB when decompressed/,
      ],
      [
        'too large',
        () => encoder.encode(`${json.slice(0, -1)},"pad":"${bigBlob.repeat(17)}"}`),
        /is 68\.0 MB; the limit is 64\.0 MB$/,
      ],
    ];

    it.each(corpus)('%s', async (_label, make, reason) => {
      const dataDir = tempDir();
      const store = await SessionStore.open(dataDir);
      const error = await store.import(make(), 'f.json').then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(reason);
      expect(error?.message).not.toContain('\n');
      expect(error?.message.length).toBeLessThan(240);
      expect(store.list().sessions).toEqual([]);
      expect(readdirSync(path.join(dataDir, 'sessions'))).toEqual([]);
    });

    it('a 2 GB file, by its size, before reading a byte', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'huge.json');
      // Sparse: 2 GB on paper, no disk used. If the store read it, this test would take minutes.
      const fd = openSync(file, 'w');
      ftruncateSync(fd, 2 * 1024 ** 3);
      closeSync(fd);
      const store = await SessionStore.open(path.join(dir, 'data'));
      const started = performance.now();
      await expect(store.importFile(file)).rejects.toThrow('"huge.json" is 2.0 GB; the limit is 64.0 MB');
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('a path that is a folder, or missing', async () => {
      const dir = tempDir();
      const store = await SessionStore.open(path.join(dir, 'data'));
      await expect(store.importFile(dir)).rejects.toThrow(/is not a file$/);
      await expect(store.importFile(path.join(dir, 'nope.json'))).rejects.toThrow(
        /"nope\.json" cannot be read \(ENOENT\)/,
      );
      writeFileSync(path.join(dir, 'ok.json'), exportJson(smallSession('From disk')));
      await expect(store.importFile(path.join(dir, 'ok.json'))).resolves.toMatchObject({ name: 'From disk', runs: 2 });
    });
  });
});
