import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { bufferChecksum, generatedBlock, readFileChecksum } from './kernels';
import { readFileChecksumAwaited } from './loop-kernels';
import { makeRunFolder } from './run-files';
import { taskKind } from './task-kind';
import { checkEveryResult, sameTasks, type WorkloadDescriptor } from './workload';

const FILE_BYTES = 8 * 1024 * 1024;

/** Reads a real file in chunks, releasing the GIL around each read; returns its checksum. */
export const ioFileTask = taskKind({
  name: 'io-file',
  schema: z.object({ workload: z.literal('io-file'), path: z.string().min(1) }).strict(),
  run: (spec, ctx) => readFileChecksum(spec.path, ctx),
  runAwaited: (spec, ctx) => readFileChecksumAwaited(spec.path, ctx),
});

export const ioFile: WorkloadDescriptor = {
  id: 'io-file',
  kinds: [ioFileTask],
  plan: (params) => {
    const dir = makeRunFolder('io', os.tmpdir());
    const file = path.join(dir, 'data.bin');
    const data = generatedBlock(FILE_BYTES, 7);
    writeFileSync(file, data);
    const expected = bufferChecksum(data);
    return sameTasks(
      params,
      { workload: 'io-file', path: file },
      // A whole file's reads: a fixed amount of work, not a length.
      null,
      {
        check: (tasks) => checkEveryResult(tasks, expected, 'reads gave a wrong checksum'),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      },
    );
  },
};
