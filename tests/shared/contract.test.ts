import { describe, expect, it } from 'vitest';
import {
  ContractError,
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  eventContract,
  invokeContract,
  parseEventPayload,
  parseInvokeRequest,
  parseShellRequest,
  shellContract,
} from '../../src/shared/contract';
import {
  BRIDGE_EVENT_METHODS,
  BRIDGE_INVOKE_METHODS,
  BRIDGE_SHELL_METHODS,
  SHELL_INVOKE_CHANNELS,
} from '../../src/shared/channels';
import { ClientMessageSchema, ServerMessageSchema } from '../../src/shared/wire';

describe('contract', () => {
  it('names every channel domain:verb and gives each a schema and a bridge method', () => {
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(eventContract).sort()).toEqual([...EVENT_CHANNELS].sort());
    expect(Object.values(BRIDGE_INVOKE_METHODS).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.values(BRIDGE_EVENT_METHODS).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('keeps the shell channels apart from the engine ones, each with a schema and a bridge method', () => {
    for (const channel of SHELL_INVOKE_CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
      expect(INVOKE_CHANNELS as readonly string[]).not.toContain(channel);
    }
    expect(Object.keys(shellContract).sort()).toEqual([...SHELL_INVOKE_CHANNELS].sort());
    expect(Object.values(BRIDGE_SHELL_METHODS).sort()).toEqual([...SHELL_INVOKE_CHANNELS].sort());
    const methods = [BRIDGE_INVOKE_METHODS, BRIDGE_EVENT_METHODS, BRIDGE_SHELL_METHODS].flatMap(Object.keys);
    expect(new Set(methods).size).toBe(methods.length);
  });

  it('takes a file to save as text or as base64, never both, and nothing else', () => {
    const base = { suggestedName: 'a.json', mediaType: 'application/json' };
    expect(parseShellRequest('file:save', { ...base, text: '{}' })).toEqual({ ...base, text: '{}' });
    expect(parseShellRequest('file:save', { ...base, base64: 'iVBORw0K' })).toEqual({ ...base, base64: 'iVBORw0K' });
    for (const bad of [
      { ...base },
      { ...base, text: '{}', base64: 'AA==' },
      { ...base, base64: 'not base64!' },
      { ...base, text: '{}', path: '/etc/passwd' },
      { ...base, suggestedName: '', text: '' },
    ]) {
      expect(() => parseShellRequest('file:save', bad), JSON.stringify(bad)).toThrow(ContractError);
    }
  });

  it('accepts a good sample-rate request', () => {
    expect(parseInvokeRequest('monitor:set-rate', { hz: 10 })).toEqual({ hz: 10 });
  });

  it.each([
    [{ hz: 0 }, /hz/],
    [{ hz: 11 }, /hz/],
    [{ hz: 2.5 }, /hz/],
    [{ hz: '4' }, /hz/],
    [{ hz: 4, extra: true }, /extra|Unrecognized/i],
    [null, /payload/],
    ['hz=4', /payload/],
  ])('rejects the rate request %j with a message naming the problem', (payload, pattern) => {
    let caught: unknown;
    try {
      parseInvokeRequest('monitor:set-rate', payload);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractError);
    expect((caught as ContractError).code).toBe('invalid-payload');
    expect((caught as ContractError).message).toContain('monitor:set-rate');
    expect((caught as ContractError).message).toMatch(pattern);
  });

  it('rejects a sample whose loads leave 0–100 or whose core list is empty', () => {
    const good = { seq: 1, t: 1, intervalMs: 100, cores: [0, 55.5, 100], total: 51.8, source: 'proc-stat' };
    expect(parseEventPayload('monitor:sampled', good).cores).toEqual([0, 55.5, 100]);
    expect(() => parseEventPayload('monitor:sampled', { ...good, cores: [101] })).toThrow(/cores/);
    expect(() => parseEventPayload('monitor:sampled', { ...good, cores: [] })).toThrow(/cores/);
    expect(() => parseEventPayload('monitor:sampled', { ...good, source: 'guess' })).toThrow(/source/);
  });

  it('checks the WebSocket envelopes too', () => {
    expect(ClientMessageSchema.safeParse({ type: 'invoke', id: 1, channel: 'app:get-info' }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ type: 'invoke', id: -1, channel: 'x' }).success).toBe(false);
    expect(ClientMessageSchema.safeParse({ type: 'subscribe', id: 1, channel: 'x' }).success).toBe(false);
    expect(ServerMessageSchema.safeParse({ type: 'event', channel: 'monitor:sampled', payload: {} }).success).toBe(
      true,
    );
    expect(ServerMessageSchema.safeParse({ type: 'event', channel: 'nope:never', payload: {} }).success).toBe(false);
    expect(
      ServerMessageSchema.safeParse({ type: 'result', id: 3, ok: false, error: { code: 'internal', message: 'x' } })
        .success,
    ).toBe(true);
  });
});
