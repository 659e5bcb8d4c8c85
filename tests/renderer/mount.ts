import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { FileSaverKey, type FileSaver, type OutgoingFile } from '../../src/renderer/src/lib/file-save';
import { TransportKey } from '../../src/renderer/src/transport/transport';
import { APP, MACHINE, MemoryTransport } from '../support/memory-transport';

/** Keeps every file the renderer asked to save, as a download or the dialog would receive it. */
export class RecordingSaver implements FileSaver {
  readonly kind = 'download' as const;
  readonly files: OutgoingFile[] = [];
  async save(file: OutgoingFile) {
    this.files.push(file);
    return { saved: true, path: null };
  }
}

/** Mounts a component with a fresh Pinia, an in-memory transport and a saver that keeps files. */
export function mountWithTransport(component: Component, transport = defaultTransport()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const saver = new RecordingSaver();
  const wrapper = mount(component, {
    global: { plugins: [pinia], provide: { [TransportKey as symbol]: transport, [FileSaverKey as symbol]: saver } },
  });
  return { wrapper, transport, saver };
}

export function defaultTransport(): MemoryTransport {
  return new MemoryTransport({
    'app:get-info': () => APP,
    'monitor:get-info': () => MACHINE,
    'monitor:set-rate': ({ hz }) => ({ hz }),
  });
}
