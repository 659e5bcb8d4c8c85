import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createApp, defineComponent, h } from 'vue';
import { exportSession } from '../../../src/core/sessions/export';
import { FileSaverKey, type FileSaver } from '../../../src/renderer/src/lib/file-save';
import { useNotifications } from '../../../src/renderer/src/stores/notifications';
import { useSessionCompare } from '../../../src/renderer/src/stores/session-compare';
import { useSessionImport } from '../../../src/renderer/src/stores/session-import';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { useUiStore } from '../../../src/renderer/src/stores/ui';
import { TransportKey, type Transport } from '../../../src/renderer/src/transport/transport';
import { IMPORT_CHUNK_BASE64_CHARS } from '../../../src/shared/session-limits';
import { lessonSession, machine, savedRun, sessionBackend, tempDir, until } from './support';
import { RecordingSaver } from '../mount';

/** The stores in an app of their own (Pinia setup stores inject the transport, so they need one). */
function storesOver(transport: Transport, saver: FileSaver = new RecordingSaver()) {
  const pinia = createPinia();
  const app = createApp(defineComponent({ render: () => h('div') }));
  app.use(pinia).provide(TransportKey, transport).provide(FileSaverKey, saver);
  setActivePinia(pinia);
  return app.runWithContext(() => ({
    library: useSessionLibrary(),
    importer: useSessionImport(),
    comparison: useSessionCompare(),
    notifications: useNotifications(),
    ui: useUiStore(),
  }));
}

function file(name: string, content: string): File {
  return new File([content], name);
}

describe('the session store, against the real session service', () => {
  it('lists the sessions and follows session:changed, as the autosave adds runs', async () => {
    const { store: engine, transport } = await sessionBackend();
    const id = await lessonSession(engine, 'Lesson 1', machine(4), { sequential: 1000, gil: 1050, processes: 260 });
    const { library: sessions } = storesOver(transport);
    sessions.start();
    await until(() => sessions.sessions.length === 1);
    expect(sessions.sessions[0]).toMatchObject({
      name: 'Lesson 1',
      runs: 3,
      machines: [expect.stringMatching(/Test CPU 4/)],
    });

    // A run finishing in the engine reaches the list without the renderer asking.
    await engine.appendRun(id, savedRun({ workload: 'cpu', mode: 'sequential', workers: 1 }, [900]));
    await until(() => sessions.sessions[0]?.runs === 4);
    sessions.stop();
  });

  it('finds sessions by name or by machine, every word counting', async () => {
    const { store: engine, transport } = await sessionBackend();
    await lessonSession(engine, 'Laptops', machine(4, 'Intel Core i5'), {
      sequential: 1000,
      gil: 1000,
      processes: 260,
    });
    await lessonSession(engine, 'Workstation', machine(32, 'AMD EPYC'), { sequential: 900, gil: 950, processes: 40 });
    const { library: sessions } = storesOver(transport);
    await sessions.refresh();
    const names = () => sessions.filtered.map((s) => s.name).sort();
    sessions.query = 'epyc';
    expect(names()).toEqual(['Workstation']);
    sessions.query = '4 cores';
    expect(names()).toEqual(['Laptops']);
    sessions.query = 'lap i5';
    expect(names()).toEqual(['Laptops']);
    sessions.query = 'lap epyc';
    expect(names()).toEqual([]);
    sessions.query = '  ';
    expect(names()).toEqual(['Laptops', 'Workstation']);
  });

  it("passes the engine's refusals on in one line and changes nothing", async () => {
    const { store: engine, transport } = await sessionBackend();
    const a = await engine.create('A');
    await engine.create('B');
    const { library: sessions } = storesOver(transport);
    await sessions.refresh();
    await expect(sessions.rename(a.id, 'B')).resolves.toEqual({
      ok: false,
      error: 'a session named "B" already exists',
    });
    const refused = await sessions.rename(a.id, '../etc');
    expect(refused.ok).toBe(false);
    expect(sessions.sessions.map((s) => s.name).sort()).toEqual(['A', 'B']);
    await expect(sessions.rename(a.id, 'Lesson A')).resolves.toMatchObject({ ok: true });
    expect(sessions.sessions.map((s) => s.name).sort()).toEqual(['B', 'Lesson A']);
  });

  it('deletes to the trash and undoes from the toast', async () => {
    const { store: engine, transport } = await sessionBackend();
    const { id } = await engine.create('Keep me');
    const { library: sessions, notifications } = storesOver(transport);
    await sessions.refresh();
    await sessions.remove(id);
    expect(sessions.sessions).toEqual([]);
    expect(sessions.trash.map((s) => s.name)).toEqual(['Keep me']);
    const toast = notifications.toasts[0]!;
    expect(toast).toMatchObject({ text: 'Deleted "Keep me".', undo: { sessionId: id } });
    await notifications.undo(toast);
    expect(sessions.sessions.map((s) => s.name)).toEqual(['Keep me']);
    expect(engine.list().sessions.map((s) => s.name)).toEqual(['Keep me']);
  });

  it('imports in chunks, with progress, as a renamed copy marked imported', async () => {
    const { store: engine, transport } = await sessionBackend();
    const id = await lessonSession(engine, 'Lesson 1', machine(4), { sequential: 1000, gil: 1000, processes: 260 });
    // Enough samples that the file takes several chunks.
    await engine.appendRun(
      id,
      savedRun({ workload: 'cpu', mode: 'processes', workers: 4 }, [300], machine(4), { ticks: 12_000 }),
    );
    const json = exportSession(engine.get(id), 'json').text;
    expect(json.length).toBeGreaterThan(3 * IMPORT_CHUNK_BASE64_CHARS);
    const { library: sessions, importer } = storesOver(transport);
    await sessions.refresh();
    const seen: number[] = [];
    transport.onCall = (channel) => {
      if (channel === 'session:import-chunk' && importer.importing) seen.push(importer.importing.sentBytes);
    };
    const result = await importer.importFile(file('lesson-1.json', json));
    expect(result).toMatchObject({ ok: true, value: { name: 'Lesson 1 (2)', importedFrom: 'Lesson 1', runs: 4 } });
    const bytes = new TextEncoder().encode(json).length;
    const chunks = transport.count('session:import-chunk');
    expect(chunks).toBe(Math.ceil(bytes / ((IMPORT_CHUNK_BASE64_CHARS / 4) * 3)));
    expect(seen[0]).toBe(0);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1]!)).toBe(true);
    expect(importer.importing).toBeNull();
    expect(sessions.sessions.map((s) => s.name).sort()).toEqual(['Lesson 1', 'Lesson 1 (2)']);
    // The copy holds the same runs, field for field.
    const copy = engine.get(result.ok ? result.value.id : '');
    expect(copy.runs).toEqual(engine.get(id).runs);
  });

  it.each([
    ['not JSON', file('notes.txt', 'these are my notes'), /^"notes\.txt" is not JSON/],
    ['truncated', file('cut.json', '{"format":"gil-lab-session","schemaVersion":1,"runs":['), /is truncated/],
    [
      'from a newer GIL Lab',
      file('future.json', JSON.stringify({ format: 'gil-lab-session', schemaVersion: 9 })),
      /newer GIL Lab/,
    ],
    ['empty', file('empty.json', ''), /empty\.json/],
  ])('refuses a file that is %s with its reason, aborts the upload and keeps everything', async (_label, f, reason) => {
    const { store: engine, transport } = await sessionBackend();
    await engine.create('Untouched');
    const { library: sessions, importer } = storesOver(transport);
    await sessions.refresh();
    const result = await importer.importFile(f);
    expect(result.ok).toBe(false);
    expect(importer.importError).toMatch(reason);
    expect(importer.importError).not.toContain('\n');
    expect(importer.importing).toBeNull();
    expect(engine.list().sessions.map((s) => s.name)).toEqual(['Untouched']);
    // Nothing is held open: a good import goes through next.
    const good = exportSession(engine.get(engine.list().sessions[0]!.id), 'json').text;
    await expect(importer.importFile(file('good.json', good))).resolves.toMatchObject({ ok: true });
  });

  it('refuses a file over the size limit before sending a byte of it', async () => {
    const { transport } = await sessionBackend();
    const { importer } = storesOver(transport);
    const huge = {
      name: 'huge.json',
      size: 2 * 1024 ** 3,
      slice: () => {
        throw new Error('read');
      },
    };
    const result = await importer.importFile(huge as unknown as File);
    expect(result).toEqual({ ok: false, error: '"huge.json" is 2.0 GB; the limit is 64.0 MB' });
    expect(transport.count('session:import-chunk')).toBe(0);
  });

  it('cancels between chunks: the engine drops the upload and nothing is imported', async () => {
    const { store: engine, transport } = await sessionBackend();
    const { id } = await engine.create('Big');
    await engine.appendRun(
      id,
      savedRun({ workload: 'cpu', mode: 'processes', workers: 4 }, [300], machine(4), { ticks: 12_000 }),
    );
    const json = exportSession(engine.get(id), 'json').text;
    const { library: sessions, importer } = storesOver(transport);
    await sessions.refresh();
    transport.onCall = (channel) => {
      if (channel === 'session:import-chunk' && transport.count('session:import-chunk') === 2) importer.cancelImport();
    };
    const result = await importer.importFile(file('big.json', json));
    expect(result).toEqual({ ok: false, error: 'Import cancelled; nothing was imported.' });
    expect(transport.count('session:import-chunk')).toBe(2);
    expect(transport.count('session:import-abort')).toBe(1);
    expect(transport.count('session:import-commit')).toBe(0);
    expect(engine.list().sessions.map((s) => s.name)).toEqual(['Big']);
  });

  it('exports every format through the saver, as the engine wrote it', async () => {
    const { store: engine, transport } = await sessionBackend();
    const id = await lessonSession(engine, 'Lesson 1', machine(4), { sequential: 1000, gil: 1000, processes: 260 });
    const saver = new RecordingSaver();
    const { library: sessions, notifications } = storesOver(transport, saver);
    for (const format of ['json', 'csv-runs', 'csv-samples', 'md', 'html'] as const) {
      await expect(sessions.exportAs(id, format)).resolves.toMatchObject({ ok: true });
    }
    expect(notifications.toasts[0]?.text).toBe('Downloaded lesson-1.html.');
    const formats = ['json', 'csv-runs', 'csv-samples', 'md', 'html'] as const;
    expect(saver.files).toEqual(
      formats.map((f) => {
        const expected = exportSession(engine.get(id), f);
        return { name: expected.fileName, mediaType: expected.mediaType, content: expected.text };
      }),
    );
    expect(saver.files.map((f) => f.name)).toEqual([
      'lesson-1.json',
      'lesson-1-runs.csv',
      'lesson-1-samples.csv',
      'lesson-1.md',
      'lesson-1.html',
    ]);
    await expect(sessions.exportAs('no-such-session', 'json')).resolves.toMatchObject({
      ok: false,
      error: 'no session with id "no-such-session"',
    });
  });

  it('shows a session kept only in memory, saves it again when the folder works, and offers an export meanwhile', async () => {
    const base = tempDir();
    const blocker = path.join(base, 'data');
    writeFileSync(blocker, '');
    const { store: engine, transport } = await sessionBackend(blocker);
    const { id } = await engine.create('Unsaved');
    const { library: sessions, notifications } = storesOver(transport);
    await sessions.refresh();
    expect(sessions.unsaved.map((s) => s.name)).toEqual(['Unsaved']);
    expect(sessions.notices.map((n) => n.kind)).toEqual(['storage-unavailable']);
    await sessions.retrySaves();
    expect(sessions.unsaved).toHaveLength(1);
    expect(notifications.toasts[0]?.text).toMatch(/^Still not saved: could not save "Unsaved"/);
    await expect(sessions.exportAs(id, 'json')).resolves.toMatchObject({ ok: true });
    rmSync(blocker);
    await sessions.retrySaves();
    expect(sessions.unsaved).toEqual([]);
    expect(notifications.toasts[0]?.text).toBe('Saved the session.');
  });

  it('drops a deleted session from the picks and the comparison, and leaves its page', async () => {
    const { store: engine, transport } = await sessionBackend();
    const a = await engine.create('A');
    const b = await engine.create('B');
    const { library, comparison, ui } = storesOver(transport);
    await library.refresh();
    comparison.togglePicked(a.id);
    comparison.togglePicked(b.id);
    comparison.compare([a.id, b.id]);
    expect(ui.sessionsPage).toBe('compare');
    await library.remove(a.id);
    expect(comparison.picked).toEqual([b.id]);
    expect(comparison.sides.map((s) => s.sessionId)).toEqual([b.id]);

    await library.open(b.id);
    expect(ui.sessionsPage).toBe('detail');
    await library.remove(b.id);
    expect(ui.sessionsPage).toBe('library');
    expect(library.openId).toBeNull();
    expect(comparison.picked).toEqual([]);
  });
});
