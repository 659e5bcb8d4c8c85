import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/sessions/data-dir';

export interface ServerArgs {
  port: number;
  open: boolean;
  syntheticCores?: number;
  rendererDir?: string;
  diagnostics: boolean;
  /** Where sessions are kept. */
  dataDir: string;
}

export const SERVER_USAGE = `Usage: npm run web -- [--port N] [--no-open] [--synthetic-cores N] [--data-dir DIR]

  --port N             port on 127.0.0.1 to serve on (default 4173; 0 picks a free one)
  --no-open            do not open a browser (also the case whenever CI is set)
  --synthetic-cores N  show a made-up N-core machine, clearly labelled, to preview layouts
  --diagnostics        watch this process's event loop; print the longest stall on SIGUSR2 and at exit
  --data-dir DIR       where saved sessions are kept (default ${defaultDataDir()})
  --help               show this help`;

export class ArgsError extends Error {}

/** Parses the command line; throws ArgsError with a one-line reason on anything unusable. */
export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv): ServerArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        open: { type: 'boolean' },
        'no-open': { type: 'boolean' },
        'synthetic-cores': { type: 'string' },
        'renderer-dir': { type: 'string' },
        diagnostics: { type: 'boolean' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ArgsError((error as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? 4173 : parseIntStrict(values.port, '--port');
  if (port < 0 || port > 65535) throw new ArgsError(`--port must be between 0 and 65535, got ${values.port}`);
  let syntheticCores: number | undefined;
  if (values['synthetic-cores'] !== undefined) {
    syntheticCores = parseIntStrict(values['synthetic-cores'], '--synthetic-cores');
    if (syntheticCores < 1 || syntheticCores > 256) {
      throw new ArgsError(`--synthetic-cores must be between 1 and 256, got ${syntheticCores}`);
    }
  }
  const dataDir = values['data-dir'] ?? defaultDataDir(process.platform, env);
  if (dataDir.trim() === '') throw new ArgsError('--data-dir needs a folder');
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return {
    port,
    open: !values['no-open'] && !ci,
    syntheticCores,
    rendererDir: values['renderer-dir'],
    diagnostics: values.diagnostics ?? false,
    dataDir,
  };
}

function parseIntStrict(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ArgsError(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}
