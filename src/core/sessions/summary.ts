import type { SessionDocument, MachineSnapshot } from '../../shared/session';
import type { SessionSummary } from '../../shared/session-contract';

/** One line per machine, as the library lists it. */
export function describeMachine(m: MachineSnapshot): string {
  const os = [m.os.distro || m.os.platform, m.os.release].filter(Boolean).join(' ');
  return `${m.cpuModel}, ${m.logicalCores} cores (${m.physicalCores} physical), ${os}`;
}

export function summarise(
  doc: SessionDocument,
  state: { saved: boolean; saveError: string | null; deletedAt?: string | null },
): SessionSummary {
  const machines: string[] = [];
  const logicalCores: number[] = [];
  for (const run of doc.runs) {
    const line = describeMachine(run.machine);
    if (!machines.includes(line)) {
      machines.push(line);
      logicalCores.push(run.machine.logicalCores);
    }
  }
  return {
    id: doc.id,
    name: doc.name,
    runs: doc.runs.length,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    importedFrom: doc.imported?.originalName ?? null,
    machines,
    logicalCores,
    saved: state.saved,
    saveError: state.saveError,
    deletedAt: state.deletedAt ?? null,
  };
}
