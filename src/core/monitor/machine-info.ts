import os from 'node:os';
import si from 'systeminformation';
import type { MachineInfo } from '../../shared/schemas';
import type { LoadSource } from '../../shared/vocabulary';

export type MachineFacts = Omit<MachineInfo, 'rateHz'>;

/**
 * CPU model and core counts from systeminformation, with the OS's own counts as a floor:
 * in VMs and containers some of si's fields come back empty or zero.
 */
export async function readMachineFacts(loadSource: LoadSource, syntheticCores?: number): Promise<MachineFacts> {
  if (syntheticCores !== undefined) {
    return { ...syntheticCpu(syntheticCores, `Synthetic ${syntheticCores}-core feed`), loadSource };
  }
  const logicalFallback = os.availableParallelism();
  let cpu: Awaited<ReturnType<typeof si.cpu>> | undefined;
  try {
    cpu = await si.cpu();
  } catch {
    cpu = undefined;
  }
  const logicalCores = positiveInt(cpu?.cores) ?? logicalFallback;
  const model = [cpu?.brand, os.cpus()[0]?.model].find((s) => typeof s === 'string' && s.trim() !== '');
  return {
    cpuModel: model?.trim() ?? 'Unknown CPU',
    cpuManufacturer: cpu?.manufacturer?.trim() || 'Unknown',
    physicalCores: Math.min(positiveInt(cpu?.physicalCores) ?? logicalCores, logicalCores),
    logicalCores,
    speedGHz: typeof cpu?.speed === 'number' && cpu.speed > 0 ? cpu.speed : null,
    loadSource,
  };
}

/** The CPU of a made-up machine: for layout previews and synthetic sessions. */
export function syntheticCpu(cores: number, model: string): Omit<MachineFacts, 'loadSource'> {
  return { cpuModel: model, cpuManufacturer: 'GIL Lab', physicalCores: cores, logicalCores: cores, speedGHz: null };
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
