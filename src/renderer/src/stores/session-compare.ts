import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { useSessionLibrary } from './session-library';
import { useUiStore } from './ui';

/** A side of a comparison: a session, and which of its runs (null: all of them). */
export interface CompareSideChoice {
  key: number;
  sessionId: string;
  runIds: string[] | null;
}

/**
 * What is being compared: the sessions ticked in the library, and the sides of the comparison,
 * each a session or some of its runs. A session that goes away leaves both.
 */
export const useSessionCompare = defineStore('session-compare', () => {
  const library = useSessionLibrary();
  const ui = useUiStore();

  const sides = ref<CompareSideChoice[]>([]);
  /** Ticked in the library for comparing. */
  const picked = ref<string[]>([]);
  let sideKey = 0;

  // Synchronous, so a deleted session is gone from the picks by the time the new list is shown.
  watch(
    () => library.sessions,
    (sessions) => {
      const ids = new Set(sessions.map((s) => s.id));
      picked.value = picked.value.filter((id) => ids.has(id));
      sides.value = sides.value.filter((side) => ids.has(side.sessionId));
    },
    { flush: 'sync' },
  );

  function togglePicked(id: string): void {
    picked.value = picked.value.includes(id) ? picked.value.filter((x) => x !== id) : [...picked.value, id];
  }

  /** Opens the comparison of these sessions; with none, the open session on two sides, to set runs against runs. */
  function compare(ids: string[]): void {
    const chosen = ids.length > 0 ? ids : library.openId ? [library.openId] : [];
    sides.value = chosen.map((sessionId) => ({ key: ++sideKey, sessionId, runIds: null }));
    if (sides.value.length === 1) sides.value.push({ key: ++sideKey, sessionId: chosen[0]!, runIds: null });
    ui.showSessionsPage('compare');
  }

  function addSide(sessionId: string): void {
    sides.value = [...sides.value, { key: ++sideKey, sessionId, runIds: null }];
  }

  function removeSide(key: number): void {
    sides.value = sides.value.filter((s) => s.key !== key);
  }

  function updateSide(key: number, change: Partial<Omit<CompareSideChoice, 'key'>>): void {
    sides.value = sides.value.map((s) => (s.key === key ? { ...s, ...change } : s));
  }

  return { sides, picked, togglePicked, compare, addSide, removeSide, updateSide };
});
