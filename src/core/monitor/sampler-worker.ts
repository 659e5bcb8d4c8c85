/**
 * Sampler thread entry. It reads per-core CPU times at the configured rate, off the host's
 * main thread, and reports samples, its own CPU cost, and the machine's facts.
 */
import { workerData } from 'node:worker_threads';
import { connectToParent } from '../workers/parent-port';
import { createCpuTimesReader } from './load-source';
import { readMachineFacts } from './machine-info';
import { SamplerCommandSchema, SamplerConfigSchema, type SamplerReport } from './sampler-protocol';
import { SyntheticReader } from './synthetic-reader';
import { SamplerLoop } from './sampler-loop';
import { threadCpuNs } from './thread-cpu';

const COST_REPORT_EVERY_MS = 1000;

const config = SamplerConfigSchema.parse(workerData);
const port = connectToParent();
const send = (report: SamplerReport): void => port.post(report);

const reader = config.syntheticCores ? new SyntheticReader(config.syntheticCores) : createCpuTimesReader();
const loop = new SamplerLoop(reader, config.hz, (sample) => send({ type: 'sample', sample }));

const startedWall = process.hrtime.bigint();
const startedCpu = threadCpuNs();
const costTimer = setInterval(() => {
  const wallNs = Number(process.hrtime.bigint() - startedWall);
  const cpu = threadCpuNs();
  if (cpu !== null && startedCpu !== null) {
    send({ type: 'cost', cpuNs: cpu - startedCpu, wallNs, method: 'thread-schedstat' });
  } else {
    send({ type: 'cost', cpuNs: Number(loop.busyNs), wallNs, method: 'busy-time' });
  }
}, COST_REPORT_EVERY_MS);

port.onMessage((message) => {
  const command = SamplerCommandSchema.safeParse(message);
  if (!command.success) return;
  if (command.data.type === 'set-rate') {
    loop.setRate(command.data.hz);
  } else {
    loop.stop();
    clearInterval(costTimer);
    reader.close();
    process.exit(0);
  }
});

loop.start();
// si.cpu() spawns lscpu and reads several files; it runs here so the host never waits on it.
void readMachineFacts(reader.kind, config.syntheticCores).then((info) => send({ type: 'machine', info }));
