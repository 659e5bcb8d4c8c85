import { afterEach, describe, expect, it, vi } from 'vitest';
import { IpcTransport } from '../../../src/renderer/src/transport/ipc-transport';
import { TransportError } from '../../../src/renderer/src/transport/transport';
import { BRIDGE_INVOKE_METHODS, ContractError, type InvokeChannel } from '../../../src/shared/contract';
import { APP, sample } from '../../support/memory-transport';
import { fakeBridge } from './fake-bridge';

afterEach(() => vi.restoreAllMocks());

describe('the desktop transport over the preload bridge', () => {
  it('sends each channel through its own bridge method, with the request as given', async () => {
    const fake = fakeBridge();
    const transport = new IpcTransport(fake.bridge);
    for (const channel of Object.values(BRIDGE_INVOKE_METHODS)) {
      // The fake answers nothing valid; only which method was called, with what, matters here.
      await transport.invoke(channel as 'session:get', { id: `probe-${channel}` }).catch(() => {});
    }
    expect(fake.calls).toEqual(
      Object.entries(BRIDGE_INVOKE_METHODS).map(([method, channel]) => ({
        method,
        request: { id: `probe-${channel}` },
      })),
    );
  });

  it('hands on an answer that matches the contract', async () => {
    const answers: Partial<Record<InvokeChannel, unknown>> = {
      'app:get-info': APP,
      'monitor:set-rate': { hz: 7 },
      'session:retry-saves': { saved: 2 },
    };
    const transport = new IpcTransport(fakeBridge((channel) => answers[channel]).bridge);
    await expect(transport.invoke('app:get-info')).resolves.toEqual(APP);
    await expect(transport.invoke('monitor:set-rate', { hz: 7 })).resolves.toEqual({ hz: 7 });
    await expect(transport.invoke('session:retry-saves')).resolves.toEqual({ saved: 2 });
  });

  it.each([
    ['a wrong type', { hz: 'fast' }],
    ['an unknown key', { hz: 7, path: '/etc' }],
    ['nothing', undefined],
  ])('rejects an answer with %s instead of handing it on', async (_label, answer) => {
    const transport = new IpcTransport(fakeBridge(() => answer).bridge);
    const error = await transport.invoke('monitor:set-rate', { hz: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as Error).message).toMatch(/^Response on "monitor:set-rate" rejected: /);
  });

  it("passes a handler's refusal on as a TransportError, without Electron's wrapping", async () => {
    const transport = new IpcTransport(
      fakeBridge(() => {
        throw new Error('Error invoking remote method \'session:get\': ContractError: no session with id "x"');
      }).bridge,
    );
    const error = await transport.invoke('session:get', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'remote', message: 'no session with id "x"' });
  });

  it('delivers events that match the contract and drops the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fake = fakeBridge();
    const transport = new IpcTransport(fake.bridge);
    const seen: unknown[] = [];
    transport.subscribe('monitor:sampled', (s) => seen.push(s));
    fake.emit('monitor:sampled', sample(1, [10, 20]));
    fake.emit('monitor:sampled', { ...sample(2, [10, 20]), cores: [150] });
    fake.emit('monitor:sampled', 'not a sample');
    fake.emit('monitor:sampled', sample(3, [30, 40]));
    expect(seen).toEqual([sample(1, [10, 20]), sample(3, [30, 40])]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toMatch(/dropped event: Event "monitor:sampled" rejected/);
  });

  it('stops delivering once unsubscribed, and lets go of the bridge listener', () => {
    const fake = fakeBridge();
    const transport = new IpcTransport(fake.bridge);
    const seen: number[] = [];
    const off = transport.subscribe('monitor:sampled', (s) => seen.push(s.seq));
    const other = transport.subscribe('monitor:sampled', () => {});
    fake.emit('monitor:sampled', sample(1, [10]));
    off();
    fake.emit('monitor:sampled', sample(2, [10]));
    expect(seen).toEqual([1]);
    expect(fake.listenerCount('monitor:sampled')).toBe(1);
    other();
    expect(fake.listenerCount('monitor:sampled')).toBe(0);
  });
});
