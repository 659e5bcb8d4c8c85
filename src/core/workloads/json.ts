import { z } from 'zod';
import { bufferChecksum } from './kernels';
import { taskKind } from './task-kind';
import { cpuTaskMs, sameTasks, type WorkloadDescriptor } from './workload';

/** Records in the generated document: about 6 KiB of JSON, parsed in well under a switch interval. */
const RECORDS = 64;

/** A deterministic document of nested records, as an API response might be. */
function documentText(): string {
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    id: i,
    name: `worker-${i.toString(36)}`,
    active: i % 3 !== 0,
    score: Math.round(Math.sin(i) * 1e6) / 1e3,
    tags: ['gil', 'lab', `t${i % 7}`],
    point: { x: i * 0.5, y: -i, label: null },
  }));
  return JSON.stringify({ version: 1, records });
}

const DOCUMENT = documentText();
const utf8 = new TextEncoder();

/** The checksum of a text's UTF-8 bytes. */
function textChecksum(text: string): number {
  return bufferChecksum(utf8.encode(text));
}

/**
 * json.loads then json.dumps, `rounds` times over, holding the GIL as CPython's json module
 * does; the eval breaker is checked between rounds. A round trip gives back the same text, so
 * the answer is the checksum of the document itself, computed without parsing it.
 */
export const jsonTask = taskKind({
  name: 'json',
  schema: z.object({ workload: z.literal('json'), rounds: z.number().int().positive() }).strict(),
  run: (spec, ctx) => {
    let text = DOCUMENT;
    for (let r = 0; r < spec.rounds; r++) {
      text = JSON.stringify(JSON.parse(text));
      ctx.checkpoint();
    }
    return textChecksum(text);
  },
  expected: () => textChecksum(documentText()),
  sizing: { size: (spec) => spec.rounds, resized: (spec, rounds) => ({ ...spec, rounds }), exponent: 1, warmSize: 20 },
});

export const json: WorkloadDescriptor = {
  id: 'json',
  kinds: [jsonTask],
  plan: async (params, tools) =>
    sameTasks(params, await tools.calibrated({ workload: 'json', rounds: 10 }, cpuTaskMs(params)), cpuTaskMs(params)),
};
