import { defineStore } from 'pinia';
import { computed, inject, markRaw, ref, shallowRef } from 'vue';
import type { SessionDocument } from '../../../shared/session';
import type { SessionExportFormat, SessionList, SessionNotice, SessionSummary } from '../../../shared/session-contract';
import { bytesToBase64, useFileSaver, type OutgoingFile } from '../lib/file-save';
import { TransportKey } from '../transport/transport';

export type SessionsPage = 'library' | 'detail' | 'compare';

/** A side of a comparison: a session, and which of its runs (null: all of them). */
export interface CompareSideChoice {
  key: number;
  sessionId: string;
  runIds: string[] | null;
}

export interface ImportProgress {
  fileName: string;
  totalBytes: number;
  sentBytes: number;
  phase: 'sending' | 'checking';
}

/** The outcome of an action, for the view to show beside the control that asked. */
export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: string };

/** A short message about the last action; `undo` is offered for a deletion. */
export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  undo?: { sessionId: string };
}

export const EXPORT_FORMATS: readonly { format: SessionExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON' },
  { format: 'csv-runs', label: 'CSV: runs' },
  { format: 'csv-samples', label: 'CSV: core samples' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML report' },
];

/** Engine errors are one line by contract; anything longer is cut to its first line. */
function oneLine(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  return text.split('\n')[0]!.trim() || 'something went wrong';
}

function noticeKey(n: SessionNotice): string {
  return `${n.kind}|${n.at}|${n.message}`;
}

/**
 * The session library as the renderer sees it: the list (refetched on every session:changed),
 * the open session, comparisons, import and export. Every refusal from the engine arrives as a
 * one-line reason and is shown as it is; nothing here changes a session except through the
 * engine, so a failed action leaves everything as it was.
 */
export const useSessionStore = defineStore('sessions', () => {
  const transport = inject(TransportKey);
  if (!transport) throw new Error('No transport provided to the app');
  const saver = useFileSaver();

  const list = shallowRef<SessionList | null>(null);
  const loading = ref(false);
  const listError = ref<string | null>(null);
  const page = ref<SessionsPage>('library');
  const query = ref('');
  const openId = ref<string | null>(null);
  const openError = ref<string | null>(null);
  const toasts = ref<Toast[]>([]);
  const importing = ref<ImportProgress | null>(null);
  const importError = ref<string | null>(null);
  const compareSides = ref<CompareSideChoice[]>([]);
  /** Picked in the library for comparing. */
  const picked = ref<string[]>([]);
  const dismissed = ref<string[]>([]);
  // Whole documents, kept raw: a one-hour session holds megabytes of packed samples, and Vue
  // has no business walking them.
  const docs = shallowRef<ReadonlyMap<string, SessionDocument>>(new Map());
  const fetching = new Map<string, Promise<SessionDocument>>();

  let toastSeq = 0;
  let cancelRequested = false;
  let refetch: Promise<void> | null = null;
  let again = false;
  const stops: (() => void)[] = [];

  const sessions = computed(() => list.value?.sessions ?? []);
  const trash = computed(() => list.value?.trash ?? []);
  const currentId = computed(() => list.value?.currentId ?? null);
  const current = computed(() => sessions.value.find((s) => s.id === currentId.value) ?? null);
  const unsaved = computed(() => sessions.value.filter((s) => !s.saved));
  const notices = computed(() =>
    (list.value?.notices ?? []).filter((n) => n.kind !== 'save-failed' && !dismissed.value.includes(noticeKey(n))),
  );
  const openSummary = computed(() => sessions.value.find((s) => s.id === openId.value) ?? null);
  const openDoc = computed(() => (openId.value ? (docs.value.get(openId.value) ?? null) : null));
  const filtered = computed(() => {
    const words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return sessions.value;
    return sessions.value.filter((s) => {
      const hay = [s.name, s.importedFrom ?? '', ...s.machines].join('\n').toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  });

  /** How long a plain confirmation stays; errors and an Undo stay until dismissed or replaced. */
  const INFO_TOAST_MS = 8000;

  function toast(text: string, tone: Toast['tone'] = 'info', undo?: Toast['undo']): void {
    // One at a time: the newest replaces the last, so an Undo never refers to a stale action.
    const id = ++toastSeq;
    toasts.value = [{ id, text, tone, ...(undo ? { undo } : {}) }];
    if (tone === 'info' && !undo) setTimeout(() => dismissToast(id), INFO_TOAST_MS);
  }

  function dismissToast(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  /** Refetches the list; calls that arrive while one is under way are folded into one more. */
  function refresh(): Promise<void> {
    if (refetch) {
      again = true;
      return refetch;
    }
    refetch = (async () => {
      do {
        again = false;
        loading.value = true;
        try {
          list.value = markRaw(await transport!.invoke('session:list'));
          listError.value = null;
          dropStale();
        } catch (e) {
          listError.value = `Could not list the sessions: ${oneLine(e)}`;
        } finally {
          loading.value = false;
        }
      } while (again);
    })().finally(() => (refetch = null));
    return refetch;
  }

  /** Forgets cached documents that changed or went away, so the next look fetches them again. */
  function dropStale(): void {
    const byId = new Map(sessions.value.map((s) => [s.id, s]));
    const kept = new Map<string, SessionDocument>();
    for (const [id, doc] of docs.value) {
      const s = byId.get(id);
      if (s && s.updatedAt === doc.updatedAt && s.name === doc.name && s.runs === doc.runs.length) kept.set(id, doc);
    }
    if (kept.size !== docs.value.size) docs.value = kept;
    if (openId.value && !byId.has(openId.value) && page.value === 'detail') {
      openId.value = null;
      page.value = 'library';
    } else if (openId.value && byId.has(openId.value) && !kept.has(openId.value)) {
      void load(openId.value);
    }
    picked.value = picked.value.filter((id) => byId.has(id));
    compareSides.value = compareSides.value.filter((side) => byId.has(side.sessionId));
  }

  function start(): void {
    if (stops.length) return;
    stops.push(
      transport!.subscribe('session:changed', () => void refresh()),
      transport!.onStatus((status) => {
        if (status === 'open') void refresh();
      }),
    );
    void refresh();
  }

  function stop(): void {
    for (const off of stops.splice(0)) off();
  }

  /** The whole document of a session, fetched once per version. */
  function load(id: string): Promise<SessionDocument> {
    const cached = docs.value.get(id);
    if (cached) return Promise.resolve(cached);
    let pending = fetching.get(id);
    if (!pending) {
      pending = transport!
        .invoke('session:get', { id })
        .then((doc) => {
          const next = new Map(docs.value);
          next.set(id, markRaw(doc));
          docs.value = next;
          return doc;
        })
        .finally(() => fetching.delete(id));
      fetching.set(id, pending);
    }
    return pending;
  }

  /** A confirmation belongs to the page it was made on; an Undo stays until used or replaced. */
  function leavePage(): void {
    toasts.value = toasts.value.filter((t) => t.undo);
  }

  async function open(id: string): Promise<void> {
    leavePage();
    openId.value = id;
    openError.value = null;
    page.value = 'detail';
    try {
      await load(id);
    } catch (e) {
      openError.value = `Could not open the session: ${oneLine(e)}`;
    }
  }

  function showLibrary(): void {
    leavePage();
    page.value = 'library';
  }

  async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await work() };
    } catch (e) {
      return { ok: false, error: oneLine(e) };
    }
  }

  async function create(name: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport!.invoke('session:create', { name }));
    if (result.ok) {
      toast(`Started "${result.value.name}"; new runs are saved to it.`);
      await refresh();
    }
    return result;
  }

  async function rename(id: string, name: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport!.invoke('session:rename', { id, name }));
    if (result.ok) {
      toast(`Renamed to "${result.value.name}".`);
      await refresh();
    }
    return result;
  }

  async function duplicate(id: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport!.invoke('session:duplicate', { id }));
    if (result.ok) toast(`Copied as "${result.value.name}".`);
    else toast(`Could not copy the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  async function remove(id: string): Promise<Outcome<void>> {
    const name = sessions.value.find((s) => s.id === id)?.name ?? 'the session';
    const result = await attempt(async () => {
      await transport!.invoke('session:delete', { id });
    });
    if (result.ok) toast(`Deleted "${name}".`, 'info', { sessionId: id });
    else toast(`Could not delete "${name}": ${result.error}`, 'error');
    await refresh();
    return result;
  }

  async function restore(id: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport!.invoke('session:restore', { id }));
    if (result.ok) toast(`Restored "${result.value.name}".`);
    else toast(`Could not restore the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  async function undo(t: Toast): Promise<void> {
    if (!t.undo) return;
    await restore(t.undo.sessionId);
  }

  /** null: the next run starts a new session named after the day. */
  async function setCurrent(id: string | null): Promise<Outcome<void>> {
    const result = await attempt(async () => {
      await transport!.invoke('session:set-current', { id });
    });
    if (!result.ok) toast(`Could not choose the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  async function exportAs(id: string, format: SessionExportFormat): Promise<Outcome<string>> {
    const result = await attempt(async () => {
      const file = await transport!.invoke('session:export', { id, format });
      const saved = await saver.save({ name: file.fileName, mediaType: file.mediaType, content: file.text });
      if (!saved.saved) return 'Export cancelled.';
      return saved.path ? `Saved ${saved.path}.` : `Downloaded ${file.fileName}.`;
    });
    toast(result.ok ? result.value : `Could not export: ${result.error}`, result.ok ? 'info' : 'error');
    return result;
  }

  /** A PNG (or any file the page made) through the same dialog or download as the exports. */
  async function saveFile(file: OutgoingFile): Promise<Outcome<string>> {
    const result = await attempt(async () => {
      const saved = await saver.save(file);
      if (!saved.saved) return 'Save cancelled.';
      return saved.path ? `Saved ${saved.path}.` : `Downloaded ${file.name}.`;
    });
    toast(result.ok ? result.value : `Could not save ${file.name}: ${result.error}`, result.ok ? 'info' : 'error');
    return result;
  }

  async function retrySaves(): Promise<Outcome<number>> {
    const result = await attempt(async () => (await transport!.invoke('session:retry-saves')).saved);
    await refresh();
    if (!result.ok) toast(`Could not save again: ${result.error}`, 'error');
    else if (unsaved.value.length > 0) {
      toast(`Still not saved: ${unsaved.value[0]!.saveError ?? 'the folder is not writable'}`, 'error');
    } else toast(result.value === 1 ? 'Saved the session.' : `Saved ${result.value} sessions.`);
    return result;
  }

  function dismissNotice(n: SessionNotice): void {
    dismissed.value = [...dismissed.value, noticeKey(n)];
  }

  /**
   * Imports a file in the contract's chunks, reading it a slice at a time so a large file never
   * sits in memory twice. Cancel stops between chunks and tells the engine to drop the upload;
   * a refusal at any step aborts it too, and shows the engine's reason.
   */
  async function importFile(file: Blob & { name: string }): Promise<Outcome<SessionSummary>> {
    if (importing.value) return { ok: false, error: 'another import is still going' };
    cancelRequested = false;
    importError.value = null;
    toasts.value = [];
    importing.value = { fileName: file.name, totalBytes: file.size, sentBytes: 0, phase: 'sending' };
    let uploadId: string | null = null;
    try {
      const began = await transport!.invoke('session:import-begin', {
        fileName: file.name.slice(0, 1000),
        totalBytes: file.size,
      });
      uploadId = began.uploadId;
      const bytesPerChunk = Math.floor(began.chunkChars / 4) * 3;
      const chunks = Math.max(1, Math.ceil(file.size / bytesPerChunk));
      for (let index = 0; index < chunks; index++) {
        if (cancelRequested) throw new ImportCancelled();
        const slice = file.slice(index * bytesPerChunk, (index + 1) * bytesPerChunk);
        const base64 = bytesToBase64(new Uint8Array(await slice.arrayBuffer()));
        const { receivedBytes } = await transport!.invoke('session:import-chunk', { uploadId, index, base64 });
        importing.value = { ...importing.value!, sentBytes: receivedBytes };
      }
      if (cancelRequested) throw new ImportCancelled();
      importing.value = { ...importing.value!, phase: 'checking' };
      const summary = await transport!.invoke('session:import-commit', { uploadId });
      uploadId = null;
      toast(
        summary.importedFrom && summary.importedFrom !== summary.name
          ? `Imported "${summary.importedFrom}" as "${summary.name}".`
          : `Imported "${summary.name}".`,
      );
      await refresh();
      return { ok: true, value: summary };
    } catch (e) {
      const cancelled = e instanceof ImportCancelled;
      if (uploadId) await transport!.invoke('session:import-abort', { uploadId }).catch(() => {});
      const error = cancelled ? 'Import cancelled; nothing was imported.' : oneLine(e);
      importError.value = cancelled ? null : error;
      if (cancelled) toast(error);
      return { ok: false, error };
    } finally {
      importing.value = null;
    }
  }

  function cancelImport(): void {
    if (importing.value?.phase === 'sending') cancelRequested = true;
  }

  function togglePicked(id: string): void {
    picked.value = picked.value.includes(id) ? picked.value.filter((x) => x !== id) : [...picked.value, id];
  }

  let sideKey = 0;
  function compare(ids: string[]): void {
    leavePage();
    const chosen = ids.length > 0 ? ids : openId.value ? [openId.value] : [];
    compareSides.value = chosen.map((sessionId) => ({ key: ++sideKey, sessionId, runIds: null }));
    if (compareSides.value.length === 1)
      compareSides.value.push({ key: ++sideKey, sessionId: chosen[0]!, runIds: null });
    page.value = 'compare';
  }

  function addSide(sessionId: string): void {
    compareSides.value = [...compareSides.value, { key: ++sideKey, sessionId, runIds: null }];
  }

  function removeSide(key: number): void {
    compareSides.value = compareSides.value.filter((s) => s.key !== key);
  }

  function updateSide(key: number, change: Partial<Omit<CompareSideChoice, 'key'>>): void {
    compareSides.value = compareSides.value.map((s) => (s.key === key ? { ...s, ...change } : s));
  }

  return {
    list,
    loading,
    listError,
    page,
    query,
    openId,
    openError,
    toasts,
    importing,
    importError,
    compareSides,
    picked,
    docs,
    sessions,
    trash,
    currentId,
    current,
    unsaved,
    notices,
    openSummary,
    openDoc,
    filtered,
    saverKind: saver.kind,
    notify: toast,
    start,
    stop,
    refresh,
    load,
    open,
    showLibrary,
    create,
    rename,
    duplicate,
    remove,
    restore,
    undo,
    setCurrent,
    exportAs,
    saveFile,
    retrySaves,
    dismissNotice,
    dismissToast,
    importFile,
    cancelImport,
    togglePicked,
    compare,
    addSide,
    removeSide,
    updateSide,
  };
});

class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
}
