import { describe, expect, it } from 'vitest';
import { CliError, LAB_USAGE, parseLabArgs } from '../../src/cli/args';

describe('the CLI reads its arguments', () => {
  it('pythons --choose PATH chooses, with or without --json and --data-dir', () => {
    expect(parseLabArgs(['pythons', '--choose', '/usr/bin/python3', '--data-dir', '/tmp/lab'])).toEqual({
      command: 'pythons',
      dataDir: '/tmp/lab',
      json: false,
      choose: '/usr/bin/python3',
    });
    expect(parseLabArgs(['pythons', '--json', '--data-dir', '/tmp/lab'])).toEqual({
      command: 'pythons',
      dataDir: '/tmp/lab',
      json: true,
    });
  });

  it('refuses --choose with nothing to choose, or on another command', () => {
    expect(() => parseLabArgs(['pythons', '--choose', '  '])).toThrow(/--choose needs a path or a command/);
    expect(() => parseLabArgs(['run', '--backend', 'python', '--choose', 'python3'])).toThrow(CliError);
    expect(() => parseLabArgs(['run', '--backend', 'python', '--choose', 'python3'])).toThrow(
      /--choose does not apply to "run"/,
    );
  });

  it('leaves --python unset when it is not given, so the run uses the chosen Python', () => {
    const run = parseLabArgs(['run', '--backend', 'python', '--data-dir', '/tmp/lab']);
    expect(run).toMatchObject({ command: 'run', dataDir: '/tmp/lab' });
    expect(run !== 'help' && run.command === 'run' && 'python' in run.params).toBe(false);
  });

  it('says in its help where the choice is kept and how to make it', () => {
    expect(LAB_USAGE).toContain('pythons --choose PATH');
    expect(LAB_USAGE).toMatch(/--data-dir DIR\s+where sessions and the chosen Python are kept/);
    expect(LAB_USAGE).toMatch(/--python PATH[\s\S]*the one chosen in the app or with "pythons --choose"/);
  });
});
