/**
 * Sampler thread entry. It reads per-core CPU times at the rate in the shared control block,
 * off the host's main thread, and reports samples, its own CPU cost, and the machine's facts.
 */
import { workerData } from 'node:worker_threads';
import { connectToParent } from '../workers/parent-port';
import { createCpuTimesReader } from './load-source';
import { readMachineFacts } from './machine-info';
import { SamplerConfigSchema, type SamplerReport } from './sampler-protocol';
import { SyntheticReader } from './synthetic-reader';
import { SamplerLoop } from './sampler-loop';
import { threadCpuNs } from './thread-cpu';

const COST_REPORT_EVERY_MS = 1000;

const config = SamplerConfigSchema.parse(workerData);
const control = new Int32Array(config.control);
const port = connectToParent();
const send = (report: SamplerReport): void => port.post(report);

const reader = config.syntheticCores ? new SyntheticReader(config.syntheticCores) : createCpuTimesReader();
const loop = new SamplerLoop(reader, (sample) => send({ type: 'sample', sample }));

// si.cpu() spawns lscpu and needs this thread's event loop, so it runs (about 30 ms) before
// the blocking loop takes the thread over.
send({ type: 'machine', info: await readMachineFacts(reader.kind, config.syntheticCores) });

const startedWall = process.hrtime.bigint();
const startedCpu = threadCpuNs();
let lastCostReport = performance.now();
loop.run(control, () => {
  const now = performance.now();
  if (now - lastCostReport < COST_REPORT_EVERY_MS) return;
  lastCostReport = now;
  const wallNs = Number(process.hrtime.bigint() - startedWall);
  const cpu = threadCpuNs();
  if (cpu !== null && startedCpu !== null) {
    send({ type: 'cost', cpuNs: cpu - startedCpu, wallNs, method: 'thread-schedstat' });
  } else {
    send({ type: 'cost', cpuNs: Number(loop.busyNs), wallNs, method: 'busy-time' });
  }
});
reader.close();
process.exit(0);
