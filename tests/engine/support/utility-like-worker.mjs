// The task worker as an Electron utility process sees its host: a process.parentPort and no
// IPC channel, so only the parent-death check can tell it that its parent is gone.
import { register } from 'tsx/esm/api';

register();
process.parentPort = { postMessage() {}, on() {} };
await import(new URL('../../../src/core/pool/task-worker.ts', import.meta.url).href);
// Busy for the rest of its life, as a worker deep in a long task is.
setTimeout(() => {
  for (;;);
}, 500);
