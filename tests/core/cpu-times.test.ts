import { describe, expect, it } from 'vitest';
import { loadBetween, parseProcStat } from '../../src/core/monitor/cpu-times';

const STAT = `cpu  300 10 100 5000 40 5 5 0 0 0
cpu0 100 5 50 2500 20 2 3 0 0 0
cpu1 200 5 50 2500 20 3 2 0 0 0
cpu3 10 0 0 90 0 0 0 0 0 0
intr 12345 1 2 3
ctxt 999
`;

describe('parseProcStat', () => {
  it('reads busy and total per core, skipping the aggregate line', () => {
    const cores = parseProcStat(STAT);
    expect(cores).toHaveLength(4);
    // busy = user + nice + system + irq + softirq + steal; idle = idle + iowait
    expect(cores[0]).toEqual({ busy: 160, total: 160 + 2520 });
    expect(cores[1]).toEqual({ busy: 260, total: 260 + 2520 });
  });

  it('keeps core numbers when a core is offline', () => {
    const cores = parseProcStat(STAT);
    expect(cores[2]).toEqual({ busy: 0, total: 0 });
    expect(cores[3]).toEqual({ busy: 10, total: 100 });
  });
});

describe('loadBetween', () => {
  it('is the busy share of the elapsed time, per core', () => {
    const before = [
      { busy: 100, total: 1000 },
      { busy: 0, total: 0 },
    ];
    const after = [
      { busy: 175, total: 1100 },
      { busy: 50, total: 200 },
    ];
    expect(loadBetween(before, after)).toEqual([75, 25]);
  });

  it('reads 0 when no time passed or a core appeared since the last reading', () => {
    expect(
      loadBetween(
        [{ busy: 5, total: 10 }],
        [
          { busy: 5, total: 10 },
          { busy: 3, total: 4 },
        ],
      ),
    ).toEqual([0, 0]);
  });

  it('clamps counter glitches to 0–100', () => {
    expect(loadBetween([{ busy: 100, total: 100 }], [{ busy: 300, total: 150 }])).toEqual([100]);
    expect(loadBetween([{ busy: 100, total: 100 }], [{ busy: 50, total: 150 }])).toEqual([0]);
  });
});
