import { describe, expect, it } from 'vitest';
import { ArgsError, parseServerArgs } from '../../src/server/args';

describe('browser-mode arguments', () => {
  it('defaults to port 4173 and opening a browser', () => {
    expect(parseServerArgs([], {})).toEqual({
      port: 4173,
      open: true,
      syntheticCores: undefined,
      rendererDir: undefined,
      diagnostics: false,
      dataDir: expect.stringMatching(/gil-lab$/),
      share: false,
      shareHost: '0.0.0.0',
      sharePort: 0,
      maxFollowers: 200,
    });
  });

  it('shares only when asked, on the address and port given, and refuses a host name', () => {
    expect(
      parseServerArgs(['--share', '--share-host', '127.0.0.2', '--share-port', '5000', '--max-followers', '30'], {}),
    ).toMatchObject({
      share: true,
      shareHost: '127.0.0.2',
      sharePort: 5000,
      maxFollowers: 30,
    });
    expect(() => parseServerArgs(['--share-host', 'evil.example'], {})).toThrow(ArgsError);
    expect(() => parseServerArgs(['--max-followers', '0'], {})).toThrow(ArgsError);
  });

  it('never opens a browser under CI or with --no-open', () => {
    expect(parseServerArgs([], { CI: 'true' })).toMatchObject({ open: false });
    expect(parseServerArgs(['--no-open'], {})).toMatchObject({ open: false });
    expect(parseServerArgs([], { CI: 'false' })).toMatchObject({ open: true });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /between 0 and 65535/],
    [['--port', '-1'], /--port/],
    [['--synthetic-cores', '0'], /between 1 and 256/],
    [['--bogus'], /bogus/],
  ])('rejects %j in one line', (argv, pattern) => {
    let caught: unknown;
    try {
      parseServerArgs(argv, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgsError);
    expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('reads a port and a synthetic core count', () => {
    expect(parseServerArgs(['--port', '0', '--synthetic-cores', '64'], {})).toMatchObject({
      port: 0,
      syntheticCores: 64,
    });
  });
});
