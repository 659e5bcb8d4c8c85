import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { useNotifications } from './notifications';

export type ThemeChoice = 'system' | 'light' | 'dark';
/** What the main area shows: the lessons, or the saved sessions. */
export type MainView = 'lessons' | 'sessions';
/** What the sessions view shows: the library, one session, or a comparison. */
export type SessionsPage = 'library' | 'detail' | 'compare';

const THEME_KEY = 'gil-lab.theme';

function storedTheme(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** How the lab looks and which page it shows: theme, projector mode, full screen, the shortcuts list. */
export const useUiStore = defineStore('ui', () => {
  const notifications = useNotifications();
  const theme = ref<ThemeChoice>(storedTheme());
  const projector = ref(false);
  const fullscreen = ref(false);
  const showShortcuts = ref(false);
  const view = ref<MainView>('lessons');
  const sessionsPage = ref<SessionsPage>('library');

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

  /** Goes to a page of the sessions view; the confirmations made on the page left go with it. */
  function showSessionsPage(page: SessionsPage): void {
    notifications.clearConfirmations();
    sessionsPage.value = page;
  }

  return {
    theme,
    projector,
    fullscreen,
    showShortcuts,
    view,
    sessionsPage,
    cycleTheme,
    toggleFullscreen,
    toggleProjector,
    toggleSessions,
    showSessionsPage,
  };
});
