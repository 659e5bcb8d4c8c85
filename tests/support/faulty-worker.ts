/**
 * A task worker that fails on purpose, for testing how pools survive it. It speaks the real
 * protocol until a task arrives, then throws, runs out of heap, or exits, as argv asks.
 */
import { connectToParent } from '../../src/core/workers/parent-port';

const fault = process.argv.at(-2);
const port = connectToParent();
port.onMessage((message) => {
  const command = message as { type: string; id?: number };
  if (command.type === 'warm') port.post({ type: 'warmed', id: command.id });
  if (command.type !== 'task') return;
  if (fault === 'throw') {
    setImmediate(() => {
      throw new Error('boom');
    });
  } else if (fault === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
  } else {
    process.exit(3);
  }
});
port.post({ type: 'ready', pid: process.pid, host: port.host });
