import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { TransportKey } from '../../src/renderer/src/transport/transport';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';

/** Mounts a component with a fresh Pinia and an in-memory transport. */
export function mountWithTransport(component: Component, transport = defaultTransport()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(component, { global: { plugins: [pinia], provide: { [TransportKey as symbol]: transport } } });
  return { wrapper, transport };
}

export function defaultTransport(): MemoryTransport {
  return new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'monitor:set-rate': ({ hz }) => ({ hz }),
  });
}
