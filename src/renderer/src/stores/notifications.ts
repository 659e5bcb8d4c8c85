import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastTone = 'info' | 'error';

/** Takes back what a toast reports; offered as the toast's Undo button. */
export interface ToastUndo {
  run: () => Promise<unknown>;
}

/** A short message about the last action. */
export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
  undo?: ToastUndo;
}

/** How long a plain confirmation stays; errors and an Undo stay until dismissed or replaced. */
const INFO_TOAST_MS = 8000;

/**
 * What the lab tells a person, whichever feature has something to say: the toast about the last
 * action, with an Undo where it can be taken back, and which standing notices were dismissed.
 */
export const useNotifications = defineStore('notifications', () => {
  const toasts = ref<Toast[]>([]);
  const dismissedNotices = ref<string[]>([]);
  let toastSeq = 0;

  function toast(text: string, tone: ToastTone = 'info', undo?: ToastUndo): void {
    // One at a time: the newest replaces the last, so an Undo never refers to a stale action.
    const id = ++toastSeq;
    toasts.value = [{ id, text, tone, ...(undo ? { undo } : {}) }];
    if (tone === 'info' && !undo) setTimeout(() => dismissToast(id), INFO_TOAST_MS);
  }

  function dismissToast(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  async function undo(t: Toast): Promise<void> {
    await t.undo?.run();
  }

  /** A confirmation belongs to the page it was made on; an Undo stays until used or replaced. */
  function clearConfirmations(): void {
    toasts.value = toasts.value.filter((t) => t.undo);
  }

  function clearToasts(): void {
    toasts.value = [];
  }

  /** `key` names one notice as it was shown; the same notice is not shown again. */
  function dismissNotice(key: string): void {
    dismissedNotices.value = [...dismissedNotices.value, key];
  }

  function isDismissed(key: string): boolean {
    return dismissedNotices.value.includes(key);
  }

  return {
    toasts,
    dismissedNotices,
    toast,
    dismissToast,
    undo,
    clearConfirmations,
    clearToasts,
    dismissNotice,
    isDismissed,
  };
});
