import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../../src/renderer/src/App.vue';
import { FileSaverKey } from '../../../src/renderer/src/lib/file-save';
import { SHORTCUTS, shortcutFor } from '../../../src/renderer/src/lib/shortcuts';
import { TransportKey } from '../../../src/renderer/src/transport/transport';
import { lessonSession, machine, sessionBackend, until } from './support';
import { RecordingSaver } from '../mount';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function mountApp() {
  const backend = await sessionBackend();
  const id = await lessonSession(backend.store, 'Lesson 1', machine(4), {
    sequential: 1000,
    gil: 1040,
    processes: 262,
  });
  backend.store.setCurrent(id);
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(App, {
    attachTo: document.body,
    global: {
      plugins: [pinia],
      provide: { [TransportKey as symbol]: backend.transport, [FileSaverKey as symbol]: new RecordingSaver() },
    },
  });
  mounted = wrapper;
  await until(() => wrapper.find('[data-testid="session-indicator"]').text().includes('Lesson 1'));
  return { ...backend, wrapper };
}

function press(key: string): void {
  (document.activeElement as HTMLElement | null)?.blur?.();
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
}

describe('the Sessions entry point', () => {
  it('maps S to the sessions view and lists it among the shortcuts', () => {
    const at = (key: string, tagName = 'BODY') =>
      shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, target: { tagName } } as never);
    expect(at('s')).toBe('sessions');
    expect(at('S')).toBe('sessions');
    // Typing an S into a name or the search box stays typing.
    expect(at('s', 'INPUT')).toBeNull();
    expect(SHORTCUTS.find((s) => s.action === 'sessions')).toMatchObject({ keys: 'S' });
  });

  it('says which session new runs go to, and whether it is saved', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.find('[data-testid="session-indicator"]').text().replace(/\s+/g, ' ')).toBe(
      'Session: Lesson 1 saved',
    );
  });

  it('switches the main area with the button and with S, and leaves the lesson keys alone there', async () => {
    const { wrapper, transport } = await mountApp();
    const toggle = wrapper.findAll('button').find((b) => b.text() === 'Sessions')!;
    expect(toggle.attributes('aria-keyshortcuts')).toBe('S');
    expect(toggle.attributes('aria-pressed')).toBe('false');
    expect(wrapper.find('.lesson').exists()).toBe(true);

    await toggle.trigger('click');
    expect(toggle.attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('.lesson').exists()).toBe(false);
    await until(() => wrapper.find('.library .card').exists());

    // Space and the arrows act on a lesson; with the sessions showing they start nothing.
    press(' ');
    press('ArrowRight');
    await flushPromises();
    expect(transport.count('run:start')).toBe(0);
    expect(wrapper.find('.lesson').exists()).toBe(false);

    press('s');
    await flushPromises();
    expect(wrapper.find('.lesson').exists()).toBe(true);
    press('S');
    await flushPromises();
    expect(wrapper.find('.library').exists()).toBe(true);
  });

  it('goes back to the lessons when one is chosen from the header', async () => {
    const { wrapper } = await mountApp();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Sessions')!
      .trigger('click');
    await wrapper.findAll('.lesson-nav__item')[1]!.trigger('click');
    await flushPromises();
    expect(wrapper.find('.lesson').exists()).toBe(true);
  });
});
