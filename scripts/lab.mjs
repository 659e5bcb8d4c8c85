// `npm run lab -- <command>`: the headless lab. Builds if needed, then runs the CLI.
import { buildIfStale, root } from './lib/build.mjs';

if (!buildIfStale({ quiet: true })) process.exit(1);
await import(new URL('out/main/cli.js', `file://${root}/`).href);
