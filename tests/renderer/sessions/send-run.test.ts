import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import SessionsView from '../../../src/renderer/src/components/sessions/SessionsView.vue';
import { useMonitorStore } from '../../../src/renderer/src/stores/monitor';
import { useSessionLibrary } from '../../../src/renderer/src/stores/session-library';
import { lessonSession, machine, mountSessions, sessionBackend, until } from './support';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const offer = (wrapper: VueWrapper) => wrapper.findAll('button').filter((b) => b.text() === 'Send to the class board');

describe('a saved run, for the class board', () => {
  it('is offered for a run this machine measured, and not for one from another machine', async () => {
    const backend = await sessionBackend();
    const id = await lessonSession(backend.store, 'Lesson 1', machine(4), {
      sequential: 1000,
      gil: 1040,
      processes: 262,
    });
    const { wrapper, pinia } = mountSessions(SessionsView, backend.transport);
    mounted = wrapper;
    const monitor = useMonitorStore(pinia);
    const sessions = useSessionLibrary(pinia);
    await until(() => sessions.sessions.length === 1);
    await sessions.open(id);
    await until(() => wrapper.find('table.runs').exists());

    const here = machine(4);
    monitor.machine = {
      cpuModel: here.cpuModel,
      cpuManufacturer: 'Test',
      physicalCores: 2,
      logicalCores: here.logicalCores,
      speedGHz: 3,
      loadSource: 'proc-stat',
      rateHz: 4,
    };
    await until(() => offer(wrapper).length === 1);
    expect(offer(wrapper)[0]!.attributes('disabled')).toBeUndefined();

    monitor.machine = { ...monitor.machine, cpuModel: 'Another CPU' };
    await until(() => offer(wrapper).length === 0);
    expect(wrapper.find('table.runs').exists()).toBe(true);
  });
});
