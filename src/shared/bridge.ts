import type { BRIDGE_EVENT_METHODS, BRIDGE_INVOKE_METHODS, BRIDGE_SHELL_METHODS, InvokeChannel } from './channels';
import type { EventPayload, InvokeRequest, InvokeResponse, ShellRequest, ShellResponse } from './contract';

/**
 * The request argument of an invoke channel: required when the channel's schema needs a payload,
 * optional only where it takes none (EmptyRequestSchema accepts undefined), so that
 * `invoke('run:start')` without the run's parameters does not compile.
 */
export type InvokeRequestArgs<C extends InvokeChannel> =
  undefined extends InvokeRequest<C> ? [request?: InvokeRequest<C>] : [request: InvokeRequest<C>];

type InvokeMethods = {
  [M in keyof typeof BRIDGE_INVOKE_METHODS]: (
    ...request: InvokeRequestArgs<(typeof BRIDGE_INVOKE_METHODS)[M]>
  ) => Promise<InvokeResponse<(typeof BRIDGE_INVOKE_METHODS)[M]>>;
};

type EventMethods = {
  [M in keyof typeof BRIDGE_EVENT_METHODS]: (
    listener: (payload: EventPayload<(typeof BRIDGE_EVENT_METHODS)[M]>) => void,
  ) => () => void;
};

type ShellMethods = {
  [M in keyof typeof BRIDGE_SHELL_METHODS]: (
    request: ShellRequest<(typeof BRIDGE_SHELL_METHODS)[M]>,
  ) => Promise<ShellResponse<(typeof BRIDGE_SHELL_METHODS)[M]>>;
};

/** What the preload script exposes on `window.gilLab`: one method per message, nothing else. */
export type GilLabBridge = InvokeMethods & EventMethods & ShellMethods;
