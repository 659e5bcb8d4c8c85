import { readFileSync } from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBetween } from '../../src/core/monitor/cpu-times';
import { OsCpusReader, ProcStatReader } from '../../src/core/monitor/load-source';
import { Burner } from '../support/burner';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Per core, from /proc/stat: [total ticks, iowait + softirq + guest ticks]. */
function countedApart(): [number, number][] {
  return readFileSync('/proc/stat', 'latin1')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const n = line.trim().split(/\s+/).slice(1).map(Number);
      return [n.slice(0, 8).reduce((a, b) => a + b, 0), n[4]! + n[6]! + (n[8] ?? 0)];
    });
}

/** Per core, the points of the window that si and ProcStatReader count differently. */
function countedApartBetween(a: [number, number][], b: [number, number][]): number[] {
  return b.map(([total, apart], i) => {
    const dt = total - a[i]![0];
    return dt > 0 ? (100 * (apart - a[i]![1])) / dt : 0;
  });
}
const linux = process.platform === 'linux';

describe.runIf(linux)('ProcStatReader', () => {
  let burner: Burner | undefined;
  afterEach(async () => {
    await burner?.stop();
    burner = undefined;
  });

  it('reads one entry per logical core, with counters that only grow', async () => {
    const reader = new ProcStatReader();
    const first = reader.read();
    await sleep(50);
    const second = reader.read();
    reader.close();
    expect(first).toHaveLength(os.cpus().length);
    second.forEach((core, i) => {
      expect(core.total).toBeGreaterThanOrEqual(first[i]!.total);
      expect(core.busy).toBeGreaterThanOrEqual(first[i]!.busy);
    });
  });

  // The cheap path replaces si.currentLoad(); under a steady load the two must agree.
  it.each([
    ['flat out', 1],
    ['half duty', 0.5],
  ])('agrees with si.currentLoad() within 5 points per core under a steady %s load', async (_label, duty) => {
    burner = await Burner.start({ duty });
    await sleep(500); // let the load settle
    const reader = new ProcStatReader();
    await si.currentLoad(); // prime si's own baseline
    const before = reader.read();
    const fieldsBefore = countedApart();
    await sleep(1500);
    const ours = loadBetween(before, reader.read());
    const apart = countedApartBetween(fieldsBefore, countedApart());
    const theirs = (await si.currentLoad()).cpus.map((c) => c.load);
    reader.close();
    expect(ours).toHaveLength(theirs.length);
    // si leaves iowait out of the total and softirq out of busy, and adds guest to busy twice;
    // on a VM with other tenants those can move the two apart, so they widen the bound by
    // exactly what they came to in the window.
    ours.forEach((load, i) => expect(Math.abs(load - theirs[i]!)).toBeLessThanOrEqual(5 + apart[i]!));
    // And the load really was there: the check is not two zeros agreeing.
    expect(Math.min(...ours)).toBeGreaterThan(duty * 100 - 30);
  });

  it('agrees with the portable os.cpus() reader', async () => {
    burner = await Burner.start({ duty: 1 });
    await sleep(300);
    const proc = new ProcStatReader();
    const portable = new OsCpusReader();
    const a0 = proc.read();
    const b0 = portable.read();
    await sleep(1000);
    const a = loadBetween(a0, proc.read());
    const b = loadBetween(b0, portable.read());
    proc.close();
    a.forEach((load, i) => expect(Math.abs(load - b[i]!)).toBeLessThanOrEqual(5));
  });
});
