// Runs a TypeScript worker_threads entry under Node 20: register tsx, then import the entry
// named by the last argv element.
import { register } from 'tsx/esm/api';

register();
await import(process.argv.at(-1));
