import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNotifications } from '../../src/renderer/src/stores/notifications';
import { useUiStore } from '../../src/renderer/src/stores/ui';

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('what the lab tells a person', () => {
  it('shows one toast at a time, the newest', () => {
    const notifications = useNotifications();
    notifications.toast('Renamed to "A".');
    notifications.toast('Could not export: disk full', 'error');
    expect(notifications.toasts.map((t) => [t.text, t.tone])).toEqual([['Could not export: disk full', 'error']]);
  });

  it('lets a plain confirmation go after a while, but keeps errors and an Undo until dismissed', () => {
    const notifications = useNotifications();
    notifications.toast('Saved the session.');
    vi.advanceTimersByTime(7_000);
    expect(notifications.toasts).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(notifications.toasts).toEqual([]);

    notifications.toast('Could not save again: no space', 'error');
    vi.advanceTimersByTime(60_000);
    expect(notifications.toasts).toHaveLength(1);
    notifications.dismissToast(notifications.toasts[0]!.id);
    expect(notifications.toasts).toEqual([]);

    notifications.toast('Deleted "A".', 'info', { run: async () => {} });
    vi.advanceTimersByTime(60_000);
    expect(notifications.toasts).toHaveLength(1);
  });

  it("runs a toast's Undo", async () => {
    const notifications = useNotifications();
    const undone: string[] = [];
    notifications.toast('Deleted "A".', 'info', { run: async () => undone.push('A') });
    await notifications.undo(notifications.toasts[0]!);
    expect(undone).toEqual(['A']);
  });

  it('leaves confirmations behind on the page they were made on, but not an Undo', () => {
    const notifications = useNotifications();
    const ui = useUiStore();
    notifications.toast('Renamed to "A".');
    ui.showSessionsPage('detail');
    expect(notifications.toasts).toEqual([]);
    notifications.toast('Deleted "A".', 'info', { run: async () => {} });
    ui.showSessionsPage('library');
    expect(ui.sessionsPage).toBe('library');
    expect(notifications.toasts.map((t) => t.text)).toEqual(['Deleted "A".']);
  });

  it('remembers which notices were dismissed', () => {
    const notifications = useNotifications();
    notifications.dismissNotice('quarantined|2026-11-22T10:00:00.000Z|bad file');
    expect(notifications.isDismissed('quarantined|2026-11-22T10:00:00.000Z|bad file')).toBe(true);
    expect(notifications.isDismissed('quarantined|2026-11-22T10:00:00.000Z|another')).toBe(false);
  });
});
