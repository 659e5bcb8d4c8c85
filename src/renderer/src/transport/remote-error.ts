/**
 * Electron hands a main-process handler's error to the renderer as a new Error whose message is
 * "Error invoking remote method '<channel>': " followed by the original error as a string, that
 * is its class name, a colon and its message ("ContractError: sender not allowed").
 */
const ELECTRON_WRAPPING = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/**
 * What the handler said, as a person should read it: without Electron's wrapping and the error's
 * class name. A message that did not come through Electron's wrapping is left as it is.
 */
export function remoteErrorMessage(error: unknown): string {
  // Read as duck-typed: an Error from another realm (the preload's world) fails instanceof.
  return String((error as Error | null)?.message ?? error).replace(ELECTRON_WRAPPING, '');
}
