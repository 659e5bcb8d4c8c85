export type ShortcutAction =
  'toggle-run' | 'previous' | 'next' | 'fullscreen' | 'projector' | 'sessions' | 'help' | 'close';

export const SHORTCUTS: readonly { keys: string; action: ShortcutAction; description: string }[] = [
  { keys: 'Space', action: 'toggle-run', description: 'Run the lesson, or stop it' },
  { keys: '←', action: 'previous', description: 'Previous lesson' },
  { keys: '→', action: 'next', description: 'Next lesson' },
  { keys: 'F', action: 'fullscreen', description: 'Full screen on or off' },
  { keys: 'P', action: 'projector', description: 'Projector mode on or off' },
  { keys: 'S', action: 'sessions', description: 'Saved sessions, or back to the lessons' },
  { keys: '?', action: 'help', description: 'This list of shortcuts' },
  { keys: 'Esc', action: 'close', description: 'Close this list, or leave a field so the keys above work again' },
];

const EDITABLE = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * Maps a key press to an action, or null to let the browser have it. Keys typed into a field,
 * or pressed with a modifier, stay with the browser; Space stays with a focused button, which
 * presses it, so Space never acts twice.
 */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  const tag = target?.tagName ?? '';
  // A slider has no use for Space, so a presenter who has just set one can run at once.
  if (tag === 'INPUT' && target?.type === 'range' && event.key === ' ') return 'toggle-run';
  if (EDITABLE.has(tag) || target?.isContentEditable) return event.key === 'Escape' ? 'close' : null;
  switch (event.key) {
    case ' ':
      return tag === 'BUTTON' || tag === 'SUMMARY' ? null : 'toggle-run';
    case 'ArrowLeft':
      return 'previous';
    case 'ArrowRight':
      return 'next';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 'p':
    case 'P':
      return 'projector';
    case 's':
    case 'S':
      return 'sessions';
    case '?':
      return 'help';
    case 'Escape':
      return 'close';
  }
  return null;
}
