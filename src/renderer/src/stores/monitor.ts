import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { MONITOR_RATE_DEFAULT_HZ } from '../../../shared/limits';
import type { AppInfo, CoreSample, MachineInfo, MonitorCost } from '../../../shared/schemas';
import { useTransport, type ConnectionStatus } from '../transport/transport';
import { threadSamplerCost, type ThreadSamplerCost } from '../lib/measured-threads';

/** Samples kept per core for the sparklines. */
export const HISTORY_LENGTH = 40;

export const useMonitorStore = defineStore('monitor', () => {
  const transport = useTransport();

  const app = ref<AppInfo | null>(null);
  const machine = ref<MachineInfo | null>(null);
  // Samples are replaced wholesale, never mutated: shallow refs keep Vue from walking
  // 256-element arrays ten times a second.
  const sample = shallowRef<CoreSample | null>(null);
  const history = shallowRef<number[][]>([]);
  const cost = ref<MonitorCost | null>(null);
  /**
   * The /proc thread sampler's cost in the last real Python run that measured it: the sampler
   * runs only during a Python round, so its cost is known once the round ends.
   */
  const threadSampler = ref<ThreadSamplerCost | null>(null);
  const rateHz = ref(MONITOR_RATE_DEFAULT_HZ);
  const connection = ref<ConnectionStatus>(transport.status);
  const error = ref<string | null>(null);
  const droppedSamples = ref(0);
  const firstSampleAt = ref<number | null>(null);

  const coreCount = computed(() => sample.value?.cores.length ?? machine.value?.logicalCores ?? 0);
  /** The sum of all cores' load, in cores: 2 cores at 50% each is 1.0 core's worth. */
  const busyCores = computed(() => (sample.value ? sample.value.cores.reduce((a, b) => a + b, 0) / 100 : 0));

  const stops: (() => void)[] = [];
  let started = false;

  function receive(next: CoreSample): void {
    const previous = sample.value;
    if (previous && next.seq > previous.seq + 1) droppedSamples.value += next.seq - previous.seq - 1;
    const rows = history.value.length === next.cores.length ? history.value : next.cores.map(() => []);
    history.value = rows.map((row, i) => {
      const updated = row.length >= HISTORY_LENGTH ? row.slice(1) : row.slice();
      updated.push(next.cores[i]!);
      return updated;
    });
    sample.value = next;
    if (firstSampleAt.value === null) firstSampleAt.value = performance.now();
  }

  async function loadInfo(): Promise<void> {
    try {
      const [appInfo, machineInfo] = await Promise.all([
        transport!.invoke('app:get-info'),
        transport!.invoke('monitor:get-info'),
      ]);
      app.value = appInfo;
      machine.value = machineInfo;
      rateHz.value = machineInfo.rateHz;
      error.value = null;
    } catch (e) {
      error.value = `Could not read machine facts: ${(e as Error).message}`;
    }
  }

  function start(): void {
    if (started) return;
    started = true;
    stops.push(
      transport!.subscribe('monitor:sampled', receive),
      transport!.subscribe('monitor:cost-measured', (c) => (cost.value = c)),
      transport!.subscribe('run:finished', ({ measurement }) => {
        threadSampler.value = threadSamplerCost(measurement) ?? threadSampler.value;
      }),
      transport!.onStatus((status) => {
        connection.value = status;
        if (status === 'open') void loadInfo();
      }),
    );
    void loadInfo();
  }

  async function setRate(hz: number): Promise<void> {
    const previous = rateHz.value;
    rateHz.value = hz;
    try {
      const result = await transport!.invoke('monitor:set-rate', { hz });
      rateHz.value = result.hz;
      error.value = null;
    } catch (e) {
      rateHz.value = previous;
      error.value = `Could not change the sample rate: ${(e as Error).message}`;
    }
  }

  function stop(): void {
    for (const unsubscribe of stops.splice(0)) unsubscribe();
    started = false;
  }

  return {
    app,
    machine,
    sample,
    history,
    cost,
    threadSampler,
    rateHz,
    connection,
    error,
    droppedSamples,
    firstSampleAt,
    coreCount,
    busyCores,
    transportKind: transport.kind,
    start,
    stop,
    setRate,
    receive,
  };
});
