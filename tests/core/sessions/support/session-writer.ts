/**
 * Another GIL Lab writing the same data folder, as the CLI does with --session: opens its own
 * store there, appends one run to the named session, prints the session's id and exits.
 */
import { SessionStore } from '../../../../src/core/sessions/session-store';
import { smallRun } from '../helpers';

const [dataDir, name, index] = process.argv.slice(2);
const store = await SessionStore.open(dataDir!);
const session = await store.ensure(name!);
await store.appendRun(session.id, { ...smallRun({ index: Number(index) }), id: `from-another-process-${index}` });
process.stdout.write(`${session.id}\n`);
