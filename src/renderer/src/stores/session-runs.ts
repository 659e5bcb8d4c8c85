import { defineStore } from 'pinia';
import { ref } from 'vue';
import { attempt, type Outcome } from '../lib/outcome';
import { useTransport } from '../transport/transport';
import { useNotifications, type ToastUndo } from './notifications';
import { useSessionLibrary } from './session-library';

/** The Undo of a run's removal, naming the run it puts back. */
export type RestoreRunUndo = ToastUndo & { sessionId: string; runId: string };

/** How the toast names a run: "run 3 (CPU-bound sums · Processes)". */
export interface RunName {
  index: number;
  label: string;
}

/**
 * A session's runs as the session views handle them: whether stopped runs are listed, the same in
 * every view, and taking a bad run out of a session, with an Undo that puts it back in its place.
 */
export const useSessionRuns = defineStore('session-runs', () => {
  const transport = useTransport();
  const notifications = useNotifications();
  const library = useSessionLibrary();

  /** Hide runs that were cancelled, failed or timed out, wherever a session's runs are listed. */
  const hideStopped = ref(false);

  const sessionName = (id: string): string => library.sessions.find((s) => s.id === id)?.name ?? 'the session';

  async function removeRun(id: string, runId: string, run: RunName): Promise<Outcome<void>> {
    const what = `run ${run.index} (${run.label})`;
    const name = sessionName(id);
    const result = await attempt(async () => {
      await transport.invoke('session:remove-run', { id, runId });
    });
    if (result.ok) {
      const undo: RestoreRunUndo = { sessionId: id, runId, run: () => restoreRun(id, runId, run) };
      notifications.toast(`Removed ${what} from "${name}".`, 'info', undo);
    } else notifications.toast(`Could not remove ${what}: ${result.error}`, 'error');
    await library.refresh();
    return result;
  }

  async function restoreRun(id: string, runId: string, run: RunName): Promise<Outcome<void>> {
    const what = `run ${run.index} (${run.label})`;
    const result = await attempt(async () => {
      await transport.invoke('session:restore-run', { id, runId });
    });
    if (result.ok) notifications.toast(`Put ${what} back in "${sessionName(id)}".`);
    else notifications.toast(`Could not put ${what} back: ${result.error}`, 'error');
    await library.refresh();
    return result;
  }

  return { hideStopped, removeRun, restoreRun };
});
