// `npm run web -- [--port N] [--no-open]`: build if needed, then serve GIL Lab on 127.0.0.1.
import { buildIfStale, root } from './lib/build.mjs';

if (!process.argv.includes('--help') && !buildIfStale()) process.exit(1);
await import(new URL('out/main/server.js', `file://${root}/`).href);
