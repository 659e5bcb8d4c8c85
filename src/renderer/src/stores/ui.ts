import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
/** What the main area shows: the lessons, or the saved sessions. */
export type MainView = 'lessons' | 'sessions';

const THEME_KEY = 'gil-lab.theme';

function storedTheme(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** How the lab looks: theme, projector mode, full screen, the shortcuts list. */
export const useUiStore = defineStore('ui', () => {
  const theme = ref<ThemeChoice>(storedTheme());
  const projector = ref(false);
  const fullscreen = ref(false);
  const showShortcuts = ref(false);
  const view = ref<MainView>('lessons');

  watch(
    [theme, projector],
    ([t, p]) => {
      const root = globalThis.document?.documentElement;
      if (!root) return;
      root.dataset.theme = p ? 'projector' : t;
      root.classList.toggle('projector', p);
      try {
        globalThis.localStorage?.setItem(THEME_KEY, t);
      } catch {
        // Storage can be off (private windows); the choice then lasts for this visit.
      }
    },
    { immediate: true },
  );

  function cycleTheme(): void {
    theme.value = theme.value === 'system' ? 'light' : theme.value === 'light' ? 'dark' : 'system';
  }

  async function toggleFullscreen(): Promise<void> {
    const doc = globalThis.document;
    try {
      if (doc.fullscreenElement) await doc.exitFullscreen();
      else await doc.documentElement.requestFullscreen();
    } catch {
      // Refused (no user gesture, or not allowed here): nothing to undo.
    }
    fullscreen.value = Boolean(doc.fullscreenElement);
  }

  function toggleProjector(): void {
    projector.value = !projector.value;
  }

  function toggleSessions(): void {
    view.value = view.value === 'sessions' ? 'lessons' : 'sessions';
  }

  return {
    theme,
    projector,
    fullscreen,
    showShortcuts,
    view,
    cycleTheme,
    toggleFullscreen,
    toggleProjector,
    toggleSessions,
  };
});
