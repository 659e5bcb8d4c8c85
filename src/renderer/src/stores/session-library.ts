import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type {
  SessionChanged,
  SessionExportFormat,
  SessionList,
  SessionNotice,
  SessionSummary,
} from '../../../shared/session-contract';
import { describeSave, useFileSaver } from '../lib/file-save';
import { attempt, oneLine, type Outcome } from '../lib/outcome';
import { useTransport } from '../transport/transport';
import { useNotifications, type ToastUndo } from './notifications';
import { readSession, sessionDocuments } from './session-documents';
import { useUiStore } from './ui';

export const EXPORT_FORMATS: readonly { format: SessionExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON' },
  { format: 'csv-runs', label: 'CSV: runs' },
  { format: 'csv-samples', label: 'CSV: core samples' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML report' },
];

/** One notice as it was shown, to remember it was dismissed. */
export function noticeKey(n: SessionNotice): string {
  return `${n.kind}|${n.at}|${n.message}`;
}

/** The Undo of a deletion, naming the session it brings back. */
export type RestoreUndo = ToastUndo & { sessionId: string };

/**
 * Changes after which a session's document is read again even if its line in the list looks the
 * same: another GIL Lab may rewrite a file without changing its run count, and a run taken out
 * and put back leaves the count as it was.
 */
const REREAD: ReadonlySet<SessionChanged['reason']> = new Set(['external', 'run-removed', 'run-restored']);

/**
 * The session library as the renderer sees it: the list (refetched on every session:changed),
 * the documents read so far, the open session, and every action on a session, export included.
 * Every refusal from the engine arrives as a one-line reason and is shown as it is; nothing here
 * changes a session except through the engine, so a failed action leaves everything as it was.
 */
export const useSessionLibrary = defineStore('session-library', () => {
  const transport = useTransport();
  const saver = useFileSaver();
  const notifications = useNotifications();
  const ui = useUiStore();

  const list = shallowRef<SessionList | null>(null);
  const loading = ref(false);
  const listError = ref<string | null>(null);
  const query = ref('');
  const openId = ref<string | null>(null);
  const openError = ref<string | null>(null);
  const { docs, load, drop } = sessionDocuments((id) => readSession(transport, id));

  let refetch: Promise<void> | null = null;
  let again = false;
  const stops: (() => void)[] = [];

  const sessions = computed(() => list.value?.sessions ?? []);
  const trash = computed(() => list.value?.trash ?? []);
  const currentId = computed(() => list.value?.currentId ?? null);
  const current = computed(() => sessions.value.find((s) => s.id === currentId.value) ?? null);
  const unsaved = computed(() => sessions.value.filter((s) => !s.saved));
  /** Finished runs the engine holds outside any session until a retry places them. */
  const unsavedRuns = computed(() => list.value?.unsavedRuns ?? []);
  /** Entries in the folder named like sessions that are not GIL Lab sessions, with why. */
  const foreign = computed(() => list.value?.foreign ?? []);
  const notices = computed(() =>
    (list.value?.notices ?? []).filter((n) => n.kind !== 'save-failed' && !notifications.isDismissed(noticeKey(n))),
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
          list.value = markRaw(await transport.invoke('session:list'));
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

  /** Lets go of the documents a change may have made stale: one session's, or with no id, every one. */
  function forget(change: SessionChanged): void {
    if (REREAD.has(change.reason)) drop(change.id === null ? 'all' : [change.id], openId.value);
  }

  /** Lets go of documents that changed or went away, so the next look reads them again. */
  function dropStale(): void {
    const byId = new Map(sessions.value.map((s) => [s.id, s]));
    const stale = [...docs.value].filter(([id, doc]) => {
      const s = byId.get(id);
      return !s || s.updatedAt !== doc.updatedAt || s.name !== doc.name || s.runs !== doc.runs.length;
    });
    const open = openId.value && byId.has(openId.value) ? openId.value : null;
    drop(
      stale.map(([id]) => id),
      open,
    );
    if (openId.value && !open && ui.sessionsPage === 'detail') {
      // The open session went away: back to the library, keeping the toast that says why.
      openId.value = null;
      ui.sessionsPage = 'library';
    } else if (open && !docs.value.has(open)) void load(open).catch(() => {});
  }

  function start(): void {
    if (stops.length) return;
    stops.push(
      transport.subscribe('session:changed', (change) => {
        forget(change);
        void refresh();
      }),
      transport.onStatus((status) => {
        if (status === 'open') void refresh();
      }),
    );
    void refresh();
  }

  function stop(): void {
    for (const off of stops.splice(0)) off();
  }

  /** Shows one session's page, reading its document if it is not at hand. */
  async function open(id: string): Promise<void> {
    openId.value = id;
    openError.value = null;
    ui.showSessionsPage('detail');
    try {
      await load(id);
    } catch (e) {
      openError.value = `Could not open the session: ${oneLine(e)}`;
    }
  }

  async function create(name: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport.invoke('session:create', { name }));
    if (result.ok) {
      notifications.toast(`Started "${result.value.name}"; new runs are saved to it.`);
      await refresh();
    }
    return result;
  }

  async function rename(id: string, name: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport.invoke('session:rename', { id, name }));
    if (result.ok) {
      notifications.toast(`Renamed to "${result.value.name}".`);
      await refresh();
    }
    return result;
  }

  async function duplicate(id: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport.invoke('session:duplicate', { id }));
    if (result.ok) notifications.toast(`Copied as "${result.value.name}".`);
    else notifications.toast(`Could not copy the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  /** Moves a session to the trash, with an Undo that restores it. */
  async function remove(id: string): Promise<Outcome<void>> {
    const name = sessions.value.find((s) => s.id === id)?.name ?? 'the session';
    const result = await attempt(async () => {
      await transport.invoke('session:delete', { id });
    });
    if (result.ok) {
      const undo: RestoreUndo = { sessionId: id, run: () => restore(id) };
      notifications.toast(`Deleted "${name}".`, 'info', undo);
    } else notifications.toast(`Could not delete "${name}": ${result.error}`, 'error');
    await refresh();
    return result;
  }

  async function restore(id: string): Promise<Outcome<SessionSummary>> {
    const result = await attempt(() => transport.invoke('session:restore', { id }));
    if (result.ok) notifications.toast(`Restored "${result.value.name}".`);
    else notifications.toast(`Could not restore the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  /** null: the next run starts a new session named after the day. */
  async function setCurrent(id: string | null): Promise<Outcome<void>> {
    const result = await attempt(async () => {
      await transport.invoke('session:set-current', { id });
    });
    if (!result.ok) notifications.toast(`Could not choose the session: ${result.error}`, 'error');
    await refresh();
    return result;
  }

  /** The engine writes the export; the file saver puts it where the user says. */
  async function exportAs(id: string, format: SessionExportFormat): Promise<Outcome<string>> {
    const result = await attempt(async () => {
      const file = await transport.invoke('session:export', { id, format });
      const saved = await saver.save({ name: file.fileName, mediaType: file.mediaType, content: file.text });
      return describeSave(saved, file.fileName, 'Export cancelled.');
    });
    if (result.ok) notifications.toast(result.value);
    else notifications.toast(`Could not export: ${result.error}`, 'error');
    return result;
  }

  async function retrySaves(): Promise<Outcome<number>> {
    const result = await attempt(async () => (await transport.invoke('session:retry-saves')).saved);
    await refresh();
    if (!result.ok) notifications.toast(`Could not save again: ${result.error}`, 'error');
    else if (unsaved.value.length > 0) {
      notifications.toast(`Still not saved: ${unsaved.value[0]!.saveError ?? 'the folder is not writable'}`, 'error');
    } else if (unsavedRuns.value.length > 0) {
      notifications.toast(`Still not saved: ${unsavedRuns.value[0]!.reason}`, 'error');
    } else notifications.toast(result.value === 1 ? 'Saved the session.' : `Saved ${result.value} sessions.`);
    return result;
  }

  return {
    list,
    loading,
    listError,
    query,
    openId,
    openError,
    docs,
    sessions,
    trash,
    currentId,
    current,
    unsaved,
    unsavedRuns,
    foreign,
    notices,
    openSummary,
    openDoc,
    filtered,
    start,
    stop,
    refresh,
    load,
    open,
    create,
    rename,
    duplicate,
    remove,
    restore,
    setCurrent,
    exportAs,
    retrySaves,
  };
});
