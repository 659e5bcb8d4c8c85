import os from 'node:os';
import si from 'systeminformation';
import type { MachineSnapshot } from '../../shared/session';
import type { LoadSource } from '../../shared/vocabulary';
import { readMachineFacts } from '../monitor/machine-info';

/**
 * The machine facts a saved run keeps, so a session compared on another machine says what it
 * ran on: the monitor's CPU facts plus memory and OS from systeminformation, with Node's own
 * answers where systeminformation comes back empty (as it does in some VMs and containers).
 */
export async function readMachineSnapshot(loadSource: LoadSource, syntheticCores?: number): Promise<MachineSnapshot> {
  const facts = await readMachineFacts(loadSource, syntheticCores);
  const [mem, osInfo] = await Promise.all([si.mem().catch(() => undefined), si.osInfo().catch(() => undefined)]);
  const total = mem?.total;
  return {
    cpuModel: facts.cpuModel.slice(0, 256),
    cpuManufacturer: facts.cpuManufacturer.slice(0, 256),
    physicalCores: facts.physicalCores,
    logicalCores: facts.logicalCores,
    speedGHz: facts.speedGHz,
    memoryBytes: typeof total === 'number' && Number.isInteger(total) && total > 0 ? total : os.totalmem() || null,
    os: {
      platform: (osInfo?.platform || process.platform).slice(0, 64),
      distro: (osInfo?.distro || os.type()).slice(0, 256),
      release: (osInfo?.release || os.release()).slice(0, 256),
      arch: (osInfo?.arch || process.arch).slice(0, 64),
    },
    loadSource,
  };
}
