import type { WorkerLocator } from '../../src/core/workers/spawn-thread';

const sources = {
  sampler: new URL('../../src/core/monitor/sampler-worker.ts', import.meta.url),
  task: new URL('../../src/core/pool/task-worker.ts', import.meta.url),
  'session-codec': new URL('../../src/core/sessions/session-codec-worker.ts', import.meta.url),
  'thread-sampler': new URL('../../src/core/python/thread-sampler-worker.ts', import.meta.url),
} as const;

/** Runs worker entries straight from the TypeScript source, through tsx. */
export const sourceWorkerLocator: WorkerLocator = (name) => ({
  url: new URL('./ts-worker-bootstrap.mjs', import.meta.url),
  argv: [sources[name].href],
});
