import { describe, expect, it } from 'vitest';
import { remoteErrorMessage } from '../../../src/renderer/src/transport/remote-error';

describe("a main-process handler's error, as the renderer shows it", () => {
  it.each([
    [
      'Error invoking remote method \'file:save\': ContractError: could not save "a.json": disk full',
      'could not save "a.json": disk full',
    ],
    ["Error invoking remote method 'app:get-info': Error: sender not allowed", 'sender not allowed'],
    ["Error invoking remote method 'session:get': TypeError: x is not a function", 'x is not a function'],
    // A non-Error thrown in the handler arrives without a class name.
    ["Error invoking remote method 'session:get': gone", 'gone'],
  ])("strips Electron's wrapping and the class name from %j", (message, shown) => {
    expect(remoteErrorMessage(new Error(message))).toBe(shown);
  });

  it('strips one class name only, so a message that mentions an error keeps it', () => {
    expect(
      remoteErrorMessage(new Error("Error invoking remote method 'run:start': ContractError: Error: in the worker")),
    ).toBe('Error: in the worker');
  });

  it('leaves a message that did not come through Electron as it is', () => {
    expect(remoteErrorMessage(new Error('ContractError: said plainly'))).toBe('ContractError: said plainly');
    expect(remoteErrorMessage('a string')).toBe('a string');
    expect(remoteErrorMessage({ message: 'from another realm' })).toBe('from another realm');
  });
});
