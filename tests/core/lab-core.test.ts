import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfo } from '../../src/core/app-info';
import { LabCore } from '../../src/core/lab-core';
import { ContractError } from '../../src/shared/contract';
import { sourceWorkerLocator } from '../support/workers';

describe('LabCore', () => {
  let core: LabCore;
  beforeAll(() => {
    core = new LabCore({ app: appInfo('browser'), monitor: { locateWorker: sourceWorkerLocator, hz: 4 } });
    core.start();
  });
  afterAll(() => core.close());

  it('answers a valid request with a validated response', async () => {
    const info = (await core.invoke('app:get-info', undefined)) as { name: string; host: string };
    expect(info.name).toBe('GIL Lab');
    expect(info.host).toBe('browser');
    expect(await core.invoke('monitor:set-rate', { hz: 7 })).toEqual({ hz: 7 });
    expect(core.monitor.rateHz).toBe(7);
  });

  it('rejects an unknown channel before any handler runs', async () => {
    await expect(core.invoke('monitor:explode', {})).rejects.toMatchObject({ code: 'unknown-channel' });
    await expect(core.invoke({ toString: () => 'x' }, {})).rejects.toBeInstanceOf(ContractError);
  });

  it('never lets a bad payload reach the engine', async () => {
    const before = core.monitor.rateHz;
    await expect(core.invoke('monitor:set-rate', { hz: 1000 })).rejects.toMatchObject({ code: 'invalid-payload' });
    await expect(core.invoke('monitor:set-rate', { hz: 5, evil: '../../' })).rejects.toMatchObject({
      code: 'invalid-payload',
    });
    expect(core.monitor.rateHz).toBe(before);
  });

  it('delivers events through subscribe, and unsubscribe stops them', async () => {
    let count = 0;
    const off = core.subscribe('monitor:sampled', () => count++);
    // Samples come every 250 ms; a machine busy with other work may hold the first back a while.
    for (let waited = 0; count < 2 && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    off();
    const seen = count;
    expect(seen).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(count).toBe(seen);
  });
});
