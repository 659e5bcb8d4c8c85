import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ClassBoard, ShareStatus, TeacherView } from '../../../shared/class-contract';
import { useTransport } from '../transport/transport';

/**
 * The teacher's side of the classroom: whether the app is shared, who follows, the class board,
 * and telling followers what is on screen. One store for the one concern of the class.
 */
export const useClassShareStore = defineStore('class-share', () => {
  const transport = useTransport();
  const status = shallowRef<ShareStatus | null>(null);
  const board = shallowRef<ClassBoard>({ entries: [], medians: [] });
  const error = ref<string | null>(null);
  const busy = ref(false);
  let started = false;

  function start(): void {
    if (started) return;
    started = true;
    transport.subscribe('class:status', (s) => (status.value = s));
    transport.subscribe('class:board', (b) => (board.value = b));
    void transport
      .invoke('class:status')
      .then((s) => (status.value = s))
      .catch(() => {});
    void transport
      .invoke('class:board-get')
      .then((b) => (board.value = b))
      .catch(() => {});
  }

  async function act(what: () => Promise<ShareStatus>): Promise<void> {
    busy.value = true;
    try {
      status.value = await what();
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  }

  const share = () => act(() => transport.invoke('class:share-start', {}));
  const endSharing = () => act(() => transport.invoke('class:share-stop', {}));

  /** Followers show what the teacher shows; nothing is sent while no one could be following. */
  function showView(view: TeacherView): void {
    if (!status.value?.sharing) return;
    void transport.invoke('class:teacher-view', view).catch(() => {});
  }

  async function saveBoard(name: string): Promise<string | null> {
    try {
      const saved = await transport.invoke('class:board-save', { name });
      return saved.name;
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
  }

  return { status, board, error, busy, start, share, endSharing, showView, saveBoard };
});
