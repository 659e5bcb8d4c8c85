import { describe, expect, it } from 'vitest';
import { computeBoard, type BoardSubmission } from '../../../src/core/classroom/class-board';
import { syntheticSubmission } from '../../../src/core/classroom/synthetic-class';
import { ClassSubmissionSchema } from '../../../src/shared/class-contract';
import type { ModeId } from '../../../src/shared/vocabulary';

function entry(i: number, mode: ModeId, speedup: number, extra: Partial<BoardSubmission['submission']> = {}) {
  const s = syntheticSubmission(i, mode);
  const submission = { ...s, ...extra, measurement: { ...s.measurement, speedup } };
  return { id: `e${i}`, address: `10.0.0.${i}`, receivedAt: '2025-01-01T00:00:00.000Z', submission };
}

describe('class board', () => {
  it('takes medians per mode over the machines that reported a speedup', () => {
    const board = computeBoard([
      entry(0, 'processes', 2),
      entry(1, 'processes', 3.5),
      entry(2, 'processes', 3),
      entry(3, 'threads-gil', 1),
    ]);
    expect(board.medians).toEqual([
      { mode: 'threads-gil', machines: 1, speedup: 1 },
      { mode: 'processes', machines: 3, speedup: 3 },
    ]);
  });

  it('flags a speedup far from its peers in the same mode on as many cores, and not the peers', () => {
    // Machines 4 and 14 both have 8 cores; so do 5, 6 and 15, 16 (CORES repeats every 10).
    const peers = [4, 5, 6, 15].map((i) => entry(i, 'processes', 7));
    const slow = entry(16, 'processes', 3);
    const board = computeBoard([...peers, slow]);
    expect(board.entries.find((e) => e.id === 'e16')!.flags).toContain('speedup-outlier');
    for (const p of peers) expect(board.entries.find((e) => e.id === p.id)!.flags).not.toContain('speedup-outlier');
  });

  it('does not call anything an outlier with too few peers to compare', () => {
    const board = computeBoard([entry(4, 'processes', 7), entry(5, 'processes', 2)]);
    expect(board.entries.every((e) => !e.flags.includes('speedup-outlier'))).toBe(true);
  });

  it('flags a run on power saving, on a busy machine, and one that did not complete', () => {
    const saver = entry(1, 'processes', 3, { powerSaver: true });
    const busy = entry(2, 'processes', 3);
    busy.submission.measurement.runs = busy.submission.measurement.runs.map((r) => ({ ...r, otherBusyCores: 3 }));
    const stopped = entry(3, 'processes', 3);
    stopped.submission.measurement = { ...stopped.submission.measurement, outcome: 'cancelled' };
    const board = computeBoard([saver, busy, stopped]);
    expect(board.entries[0]!.flags).toEqual(['power-saver']);
    expect(board.entries[1]!.flags).toEqual(['busy-machine']);
    expect(board.entries[2]!.flags).toContain('not-completed');
    expect(board.entries[2]!.speedup).toBeNull();
  });

  it('builds submissions the import schemas accept', () => {
    for (let i = 0; i < 30; i++) expect(ClassSubmissionSchema.safeParse(syntheticSubmission(i)).success).toBe(true);
  });
});
