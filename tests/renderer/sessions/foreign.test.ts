import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { mountSessions, sessionBackend, tempDir, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

describe('the session library beside entries that are not GIL Lab sessions', () => {
  it('lists each one once, by name, with its reason and nothing of its content', async () => {
    const dataDir = tempDir();
    const dir = path.join(dataDir, 'sessions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Lesson1.session.json.gz'), 'secret text that must not be shown');
    symlinkSync('/dev/zero', path.join(dir, 'zero-abc123.session.json.gz'));
    const backend = await sessionBackend(dataDir);
    const { wrapper } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    await until(() => wrapper.find('#foreign-heading').exists());
    await flushPromises();
    const section = wrapper.find('[aria-labelledby="foreign-heading"]');
    expect(section.find('h3').text()).toBe('Not a GIL Lab session');
    const items = section.findAll('li').map((li) => li.text());
    expect(items).toEqual([
      'Lesson1.session.json.gz has a name GIL Lab never gives a session file; import it to add it to the library',
      'zero-abc123.session.json.gz is a symbolic link; GIL Lab opens only files it wrote there itself',
    ]);
    expect(wrapper.text()).not.toContain('secret text');
  });
});
