import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { exportSession } from '../../../src/core/sessions/export';
import { lessonSession, machine, mountSessions, sessionBackend, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function mountLibrary() {
  const backend = await sessionBackend();
  const laptop = await lessonSession(backend.store, 'Laptops', machine(4, 'Intel Core i5'), {
    sequential: 1000,
    gil: 1040,
    processes: 270,
  });
  await lessonSession(backend.store, 'Workstation', machine(32, 'AMD EPYC'), {
    sequential: 950,
    gil: 990,
    processes: 45,
  });
  backend.store.setCurrent(laptop);
  const { wrapper, saver } = mountSessions(SessionsView, backend.transport);
  mounted = wrapper;
  await until(() => wrapper.findAll('.card').length === 2);
  return { ...backend, wrapper, saver, laptop };
}

function card(wrapper: VueWrapper, name: string): DOMWrapper<Element> {
  const found = wrapper
    .findAll('.card')
    .find((c) => c.find('.card__name').exists() && c.find('.card__name').text() === name);
  if (!found) throw new Error(`no card for ${name}`);
  return found;
}

/** The card's facts, term by term. */
function facts(scope: DOMWrapper<Element>): Record<string, string> {
  return Object.fromEntries(scope.findAll('dl > div').map((d) => [d.find('dt').text(), d.find('dd').text()]));
}

/** A button found the way a person (or a screen reader) finds it: by its text. */
function button(scope: DOMWrapper<Element> | VueWrapper, text: string): DOMWrapper<HTMLButtonElement> {
  const found = scope.findAll('button').find((b) => b.text() === text);
  if (!found) throw new Error(`no button "${text}" in ${scope.text().slice(0, 200)}`);
  return found as DOMWrapper<HTMLButtonElement>;
}

describe('the session library', () => {
  it('lists each session with its runs, machine, cores, last update and state', async () => {
    const { wrapper } = await mountLibrary();
    const laptops = card(wrapper, 'Laptops');
    expect(facts(laptops)).toMatchObject({
      Runs: '3',
      Cores: '4',
      Machine: 'Intel Core i5, 4 cores (4 physical), Debian GNU/Linux 12',
    });
    expect(laptops.text()).toContain('Current: new runs go here');
    expect(laptops.text()).toContain('Saved');
    expect(laptops.find('time').attributes('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const workstation = card(wrapper, 'Workstation');
    expect(facts(workstation)).toMatchObject({ Runs: '3', Cores: '32' });
    expect(workstation.text()).not.toContain('Current');
    // Every action is a real button, named by its text.
    for (const text of ['Open', 'Use for new runs', 'Rename', 'Duplicate', 'Delete']) {
      expect(button(laptops, text).attributes('type')).toBe('button');
    }
    expect(button(laptops, 'Use for new runs').attributes('aria-pressed')).toBe('true');
  });

  it('filters by what is typed in the search box', async () => {
    const { wrapper } = await mountLibrary();
    await wrapper.find('input[type="search"]').setValue('EPYC');
    expect(wrapper.findAll('.card__name').map((n) => n.text())).toEqual(['Workstation']);
    await wrapper.find('input[type="search"]').setValue('nothing like it');
    expect(wrapper.findAll('.card')).toHaveLength(0);
    expect(wrapper.text()).toContain('No session matches “nothing like it”.');
  });

  it('renames in place, and shows a refusal under the field without losing what was typed', async () => {
    const { wrapper, store } = await mountLibrary();
    await button(card(wrapper, 'Laptops'), 'Rename').trigger('click');
    const input = wrapper.find<HTMLInputElement>('.card input[type="text"]');
    expect(document.activeElement).toBe(input.element);
    await input.setValue('Workstation');
    await wrapper.find('.card form').trigger('submit');
    await until(() => wrapper.find('[role="alert"]').exists());
    expect(wrapper.find('[role="alert"]').text()).toBe('a session named "Workstation" already exists');
    expect(input.element.value).toBe('Workstation');
    await input.setValue('Laptops, room 4');
    await wrapper.find('.card form').trigger('submit');
    await until(() => wrapper.findAll('.card__name').some((n) => n.text() === 'Laptops, room 4'));
    expect(
      store
        .list()
        .sessions.map((s) => s.name)
        .sort(),
    ).toEqual(['Laptops, room 4', 'Workstation']);
  });

  it('deletes at once, moves the focus to Undo, and Undo brings the session back', async () => {
    const { wrapper, store } = await mountLibrary();
    await button(card(wrapper, 'Workstation'), 'Delete').trigger('click');
    await until(() => wrapper.findAll('.card').length === 1);
    const undo = button(wrapper, 'Undo');
    expect(document.activeElement).toBe(undo.element);
    expect(wrapper.find('[role="status"]').text()).toContain('Deleted "Workstation".');
    expect(wrapper.text()).toContain('Deleted sessions (1)');
    await undo.trigger('click');
    await until(() => wrapper.findAll('.card').length === 2);
    expect(
      store
        .list()
        .sessions.map((s) => s.name)
        .sort(),
    ).toEqual(['Laptops', 'Workstation']);
  });

  it('creates a session that becomes the current one', async () => {
    const { wrapper, store } = await mountLibrary();
    await button(wrapper, 'New session').trigger('click');
    await wrapper.find('form input[type="text"]').setValue('Room 12, Tuesday');
    await wrapper.find('form').trigger('submit');
    await until(() => wrapper.findAll('.card').length === 3);
    expect(card(wrapper, 'Room 12, Tuesday').text()).toContain('Current: new runs go here');
    expect(store.current).toBe(store.find('Room 12, Tuesday')!.id);
  });

  it('imports a picked file, and names a refused one with its reason', async () => {
    const { wrapper, store, laptop } = await mountLibrary();
    const input = wrapper.find<HTMLInputElement>('input[type="file"]');
    const pick = async (f: File) => {
      Object.defineProperty(input.element, 'files', { value: [f], configurable: true });
      await input.trigger('change');
    };
    await pick(new File(['<html>not a session</html>'], 'page.html'));
    await until(() => wrapper.find('.import__error').exists());
    expect(wrapper.find('.import__error').text()).toMatch(
      /^Not imported: "page\.html" is not JSON \(.+\)\. Nothing was changed\./,
    );
    expect(store.list().sessions).toHaveLength(2);

    await pick(new File([exportSession(store.get(laptop), 'json').text], 'laptops.json'));
    await until(() => wrapper.findAll('.card').length === 3);
    expect(card(wrapper, 'Laptops (2)').text()).toContain('Imported from “Laptops”');
    expect(wrapper.find('[role="status"]').text()).toContain('Imported "Laptops" as "Laptops (2)".');
  });

  it('picks sessions to compare and opens the comparison', async () => {
    const { wrapper } = await mountLibrary();
    const compare = () => wrapper.findAll('button').find((b) => b.text().startsWith('Compare'))!;
    expect(compare().attributes('disabled')).toBeDefined();
    for (const name of ['Laptops', 'Workstation'])
      await card(wrapper, name).find('input[type="checkbox"]').setValue(true);
    expect(compare().text()).toBe('Compare (2)');
    await compare().trigger('click');
    await until(() => wrapper.text().includes('Wall time, side by side'));
    expect(wrapper.find('.compare__summary').text()).toBe('4 cores vs 32 cores; different CPU model');
  });

  it('opens a session from its name', async () => {
    const { wrapper } = await mountLibrary();
    await card(wrapper, 'Workstation').find('.card__open').trigger('click');
    await flushPromises();
    await until(() => wrapper.find('table.runs').exists());
    expect(wrapper.find('h3').text()).toBe('Workstation');
    expect(document.activeElement).toBe(wrapper.find('h3').element);
  });
});
