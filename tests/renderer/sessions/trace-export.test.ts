import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { useNotifications } from '../../../src/renderer/src/stores/notifications';
import { checkSessionValue } from '../../../src/shared/session-parse';
import { buildTrace, GIL_HOLDER_THREAD, type ChromeTrace } from '../../../src/shared/perfetto-trace';
import { mountSessions, sessionBackend, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** Runs the real engine recorded: threads under the GIL, then a pool of processes. */
const recorded = checkSessionValue(
  JSON.parse(
    gunzipSync(readFileSync(path.join(import.meta.dirname, '../../fixtures/four-modes.session.json.gz'))).toString(),
  ),
).runs.slice(0, 2);

const threadNames = (trace: ChromeTrace) =>
  trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args.name);

describe('Export trace (Perfetto) on a saved run', () => {
  it('saves the shown run as <session>-run-<n>.trace.json, the trace the builder makes of it', async () => {
    const backend = await sessionBackend();
    const { id } = await backend.store.create('Lesson 1');
    for (const run of recorded) await backend.store.appendRun(id, run);
    const { wrapper, saver, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const library = useSessionLibrary(pinia);
    await until(() => library.sessions.length === 1);
    await library.open(id);
    await until(() => wrapper.find('.traces [data-trace-export]').exists());

    // The session opens on its last run: the pool of processes.
    const button = () => wrapper.find('.traces [data-trace-export]');
    expect(button().text()).toBe('Export trace (Perfetto)');
    await button().trigger('click');
    await until(() => saver.files.length === 1);
    const processes = saver.files[0]!;
    expect(processes.name).toBe('Lesson-1-run-2.trace.json');
    expect(processes.mediaType).toBe('application/json');
    const processTrace = JSON.parse(processes.content as string) as ChromeTrace;
    expect(processTrace).toEqual(buildTrace('Lesson 1', [{ run: recorded[1]!, index: 2 }]));
    expect(threadNames(processTrace)).toEqual(['Process 1', 'Process 1', 'Process 2']);
    expect(useNotifications(pinia).toasts.at(-1)?.text).toBe('Downloaded Lesson-1-run-2.trace.json.');

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Show run 1')!
      .trigger('click');
    await until(() => wrapper.find('.traces__title').text().startsWith('Run 1'));
    await button().trigger('click');
    await until(() => saver.files.length === 2);
    expect(saver.files[1]!.name).toBe('Lesson-1-run-1.trace.json');
    const gilTrace = JSON.parse(saver.files[1]!.content as string) as ChromeTrace;
    expect(gilTrace).toEqual(buildTrace('Lesson 1', [{ run: recorded[0]!, index: 1 }]));
    expect(threadNames(gilTrace)).toEqual(['Thread 1', 'Thread 1', 'Thread 2', GIL_HOLDER_THREAD]);
  });
});
