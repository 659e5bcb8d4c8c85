import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuMsFromStat, processCpuMs } from '../../src/core/monitor/process-cpu';

describe('process CPU time', () => {
  it('reads utime + stime past a command name with spaces and parentheses', () => {
    const stat = '4242 (my (odd) name) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 1 0 99 0 0';
    expect(cpuMsFromStat(stat)).toBe(3000);
    expect(cpuMsFromStat('garbage')).toBeNull();
  });

  it('counts the CPU a real child burns, and nothing for one that sleeps', async () => {
    const child = (code: string) => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The burner spins until it has had 600 ms of CPU by its own account, however busy the
    // machine, then says so; the sleeper does nothing at all.
    const burn = child(
      'while (process.cpuUsage().user < 600_000); process.stdout.write("burnt"); setInterval(() => {}, 1000)',
    );
    const sleep = child('setInterval(() => {}, 1000)');
    const burnt = new Promise<boolean>((resolve) => {
      burn.stdout!.once('data', () => resolve(true));
      setTimeout(() => resolve(false), 15_000);
    });
    try {
      expect(await burnt).toBe(true);
      if (process.platform !== 'linux') {
        expect(processCpuMs(burn.pid!)).toBeNull();
        return;
      }
      expect(processCpuMs(burn.pid!)).toBeGreaterThanOrEqual(590);
      expect(processCpuMs(sleep.pid!)).toBeLessThan(200);
      expect(processCpuMs(process.pid)).toBeGreaterThan(0);
    } finally {
      burn.kill('SIGKILL');
      sleep.kill('SIGKILL');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processCpuMs(burn.pid!)).toBeNull();
  });
});
