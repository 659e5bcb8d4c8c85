import { describe, expect, expectTypeOf, it } from 'vitest';
import { IpcTransport } from '../../../src/renderer/src/transport/ipc-transport';
import type { Transport } from '../../../src/renderer/src/transport/transport';
import type { WebSocketTransport } from '../../../src/renderer/src/transport/ws-transport';
import type { GilLabBridge, InvokeRequestArgs } from '../../../src/shared/bridge';
import type { InvokeRequest } from '../../../src/shared/contract';
import type { StartRunRequest } from '../../../src/shared/measurement';
import { fakeBridge } from './fake-bridge';

/**
 * What this file proves is checked by `npm run typecheck` (tsconfig.test.json): every
 * `@ts-expect-error` below must be an error, or the type check fails. The calls are written
 * inside functions that never run, so nothing is sent.
 */
describe('the request argument of invoke', () => {
  it('is required where the channel needs a payload, and optional only where it takes none', () => {
    expectTypeOf<InvokeRequestArgs<'run:start'>>().toEqualTypeOf<[request: StartRunRequest]>();
    expectTypeOf<InvokeRequestArgs<'session:get'>>().toEqualTypeOf<[request: { id: string }]>();
    expectTypeOf<InvokeRequestArgs<'app:get-info'>>().toEqualTypeOf<[request?: InvokeRequest<'app:get-info'>]>();
    expectTypeOf<InvokeRequestArgs<'session:list'>>().toEqualTypeOf<[request?: InvokeRequest<'session:list'>]>();
  });

  it('is enforced on the Transport, both implementations and the preload bridge', () => {
    const onTransport = (t: Transport) => [
      t.invoke('app:get-info'),
      t.invoke('session:retry-saves'),
      // @ts-expect-error run:start needs the run's parameters
      t.invoke('run:start'),
      // @ts-expect-error session:set-current needs the session (or null)
      t.invoke('session:set-current'),
      t.invoke('session:set-current', { id: null }),
    ];
    const onIpc = (t: IpcTransport) => [
      t.invoke('monitor:get-info'),
      // @ts-expect-error monitor:set-rate needs the rate
      t.invoke('monitor:set-rate'),
    ];
    const onWebSocket = (t: WebSocketTransport) => [
      t.invoke('session:list'),
      // @ts-expect-error session:get needs the session's id
      t.invoke('session:get'),
    ];
    const onBridge = (b: GilLabBridge) => [
      b.getAppInfo(),
      // @ts-expect-error startRun needs the run's parameters
      b.startRun(),
      // @ts-expect-error saveFile needs the file
      b.saveFile(),
    ];
    expect([onTransport, onIpc, onWebSocket, onBridge].every((f) => typeof f === 'function')).toBe(true);
    // And at run time a channel without a payload is called with none.
    const fake = fakeBridge();
    void new IpcTransport(fake.bridge).invoke('app:get-info').catch(() => {});
    expect(fake.calls).toEqual([{ method: 'getAppInfo', request: undefined }]);
  });
});
