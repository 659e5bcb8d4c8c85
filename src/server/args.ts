import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/sessions/data-dir';
import { DEFAULT_MAX_FOLLOWERS } from '../shared/class-contract';

export interface ServerArgs {
  port: number;
  open: boolean;
  syntheticCores?: number;
  rendererDir?: string;
  diagnostics: boolean;
  /** Where sessions are kept. */
  dataDir: string;
  /** Share with the class from the start, on a second listener. */
  share: boolean;
  shareHost: string;
  sharePort: number;
  maxFollowers: number;
}

export const SERVER_USAGE = `Usage: npm run web -- [--port N] [--no-open] [--synthetic-cores N] [--data-dir DIR] [--share]

  --port N             port on 127.0.0.1 to serve on (default 4173; 0 picks a free one)
  --no-open            do not open a browser (also the case whenever CI is set)
  --synthetic-cores N  show a made-up N-core machine, clearly labelled, to preview layouts
  --diagnostics        watch this process's event loop; print the longest stall on SIGUSR2 and at exit
  --data-dir DIR       where saved sessions are kept (default ${defaultDataDir()})
  --share              share with the class: also listen on the LAN for followers, who need the
                       join address it prints (GIL Lab class at http://ADDR:PORT/join/TOKEN)
  --share-host ADDR    the address the class listener binds (default 0.0.0.0: every interface)
  --share-port N       its port (default 0: a free one; the join address says which)
  --max-followers N    how many followers may connect at once (default ${DEFAULT_MAX_FOLLOWERS})
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
        share: { type: 'boolean' },
        'share-host': { type: 'string' },
        'share-port': { type: 'string' },
        'max-followers': { type: 'string' },
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
  const sharePort = values['share-port'] === undefined ? 0 : parseIntStrict(values['share-port'], '--share-port');
  if (sharePort > 65535) throw new ArgsError(`--share-port must be between 0 and 65535, got ${sharePort}`);
  const maxFollowers =
    values['max-followers'] === undefined
      ? DEFAULT_MAX_FOLLOWERS
      : parseIntStrict(values['max-followers'], '--max-followers');
  if (maxFollowers < 1 || maxFollowers > 1000) {
    throw new ArgsError(`--max-followers must be between 1 and 1000, got ${maxFollowers}`);
  }
  const shareHost = values['share-host'] ?? '0.0.0.0';
  if (!isIP(shareHost)) throw new ArgsError(`--share-host must be an IP address, got "${shareHost}"`);
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return {
    port,
    open: !values['no-open'] && !ci,
    syntheticCores,
    rendererDir: values['renderer-dir'],
    diagnostics: values.diagnostics ?? false,
    dataDir,
    share: values.share ?? false,
    shareHost,
    sharePort,
    maxFollowers,
  };
}

function parseIntStrict(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ArgsError(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}
