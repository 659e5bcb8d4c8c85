import type { Worker } from 'node:worker_threads';
import { MONITOR_COST_WINDOW_MS, MONITOR_RATE_DEFAULT_HZ } from '../../shared/limits';
import type { CoreSample, MachineInfo, MonitorCost } from '../../shared/schemas';
import { Listeners } from '../util/listeners';
import { spawnThread, type WorkerLocator } from '../workers/spawn-thread';
import type { MachineFacts } from './machine-info';
import { CONTROL, SamplerReportSchema, type SamplerConfig } from './sampler-protocol';

export interface CpuMonitorOptions {
  locateWorker: WorkerLocator;
  hz?: number;
  syntheticCores?: number;
  /** Called when the sampler thread dies and is restarted; defaults to stderr. */
  log?: (message: string) => void;
}

interface CostPoint {
  atNs: number;
  samplerCpuNs: number;
  deliveryNs: number;
}

const RESTART_DELAY_MS = 500;

/**
 * The host side of the per-core monitor. The sampling itself runs on its own thread; this
 * class validates what the thread reports, fans samples out to listeners, and accounts for the
 * monitor's whole cost: the thread's CPU plus the time spent here delivering each sample.
 */
export class CpuMonitor {
  private worker: Worker | undefined;
  private hz: number;
  private facts: MachineFacts | undefined;
  private readonly factsWaiters: ((facts: MachineFacts) => void)[] = [];
  private readonly samples = new Listeners<CoreSample>();
  private readonly costs = new Listeners<MonitorCost>();
  private deliveryNs = 0;
  /** Sampler CPU from earlier threads, so a restart does not reset the cost. */
  private samplerCpuBaseNs = 0;
  private samplerCpuNs = 0;
  private costMethod: MonitorCost['method'] = 'busy-time';
  private readonly costHistory: CostPoint[] = [];
  private stopped = false;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * Int32Array.BYTES_PER_ELEMENT));

  constructor(private readonly options: CpuMonitorOptions) {
    this.hz = options.hz ?? MONITOR_RATE_DEFAULT_HZ;
  }

  get rateHz(): number {
    return this.hz;
  }

  /** Whether a sampler thread is up, so a sample is on its way. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    this.stopped = false;
    this.launch();
  }

  onSample(listener: (sample: CoreSample) => void): () => void {
    return this.samples.add(listener);
  }

  onCost(listener: (cost: MonitorCost) => void): () => void {
    return this.costs.add(listener);
  }

  setRate(hz: number): number {
    this.hz = hz;
    Atomics.store(this.control, CONTROL.HZ, hz);
    this.wakeSampler();
    return hz;
  }

  async machineInfo(): Promise<MachineInfo> {
    const facts = this.facts ?? (await new Promise<MachineFacts>((resolve) => this.factsWaiters.push(resolve)));
    return { ...facts, rateHz: this.hz };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    Atomics.store(this.control, CONTROL.STOP, 1);
    this.wakeSampler();
    const timeout = setTimeout(() => void worker.terminate(), 1000);
    await exited;
    clearTimeout(timeout);
  }

  private launch(): void {
    Atomics.store(this.control, CONTROL.HZ, this.hz);
    Atomics.store(this.control, CONTROL.STOP, 0);
    const config: SamplerConfig = {
      control: this.control.buffer as SharedArrayBuffer,
      syntheticCores: this.options.syntheticCores,
    };
    // No resourceLimits: a capped heap made V8 collect far more often, doubling the cost.
    const worker = spawnThread(this.options.locateWorker, 'sampler', config);
    this.worker = worker;
    worker.on('message', (message: unknown) => this.receive(message));
    worker.on('error', (error) => this.log(`sampler thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.samplerCpuBaseNs = this.samplerCpuNs;
      if (this.stopped) return;
      this.log(`sampler thread exited with code ${code}; restarting`);
      setTimeout(() => {
        if (!this.stopped && !this.worker) this.launch();
      }, RESTART_DELAY_MS).unref();
    });
  }

  private wakeSampler(): void {
    Atomics.add(this.control, CONTROL.GENERATION, 1);
    Atomics.notify(this.control, CONTROL.GENERATION);
  }

  private receive(message: unknown): void {
    const parsed = SamplerReportSchema.safeParse(message);
    if (!parsed.success) {
      this.log('sampler sent a malformed report; ignored');
      return;
    }
    const report = parsed.data;
    switch (report.type) {
      case 'sample': {
        const started = process.hrtime.bigint();
        this.samples.emit(report.sample);
        this.deliveryNs += Number(process.hrtime.bigint() - started);
        break;
      }
      case 'cost':
        this.samplerCpuNs = this.samplerCpuBaseNs + report.cpuNs;
        this.costMethod = report.method;
        this.publishCost();
        break;
      case 'machine':
        this.facts = report.info;
        for (const resolve of this.factsWaiters.splice(0)) resolve(report.info);
        break;
    }
  }

  /** Averages over a sliding window, so a rate change shows within a few seconds. */
  private publishCost(): void {
    const now = Number(process.hrtime.bigint());
    this.costHistory.push({ atNs: now, samplerCpuNs: this.samplerCpuNs, deliveryNs: this.deliveryNs });
    while (this.costHistory.length > 2 && now - this.costHistory[1]!.atNs >= MONITOR_COST_WINDOW_MS * 1e6) {
      this.costHistory.shift();
    }
    const oldest = this.costHistory[0]!;
    const windowNs = now - oldest.atNs;
    if (windowNs <= 0) return;
    const samplerPercent = (100 * (this.samplerCpuNs - oldest.samplerCpuNs)) / windowNs;
    const deliveryPercent = (100 * (this.deliveryNs - oldest.deliveryNs)) / windowNs;
    this.costs.emit({
      percentOfCore: round3(samplerPercent + deliveryPercent),
      samplerPercent: round3(samplerPercent),
      deliveryPercent: round3(deliveryPercent),
      method: this.costMethod,
      windowMs: Math.round(windowNs / 1e6),
      rateHz: this.hz,
    });
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.error(`[gil-lab] ${m}`)))(message);
  }
}

function round3(value: number): number {
  return Math.max(0, Math.round(value * 1000) / 1000);
}
