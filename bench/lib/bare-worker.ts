/**
 * The orchestration baseline: a bare fork or worker thread that runs the lab's own kernel, on the
 * same context a process worker uses (its own uncontended GIL), warmed the same way, with no
 * pool, task protocol, calibration or answer checks around it. Started once and reused, as the
 * lab's pools are, so both sides pay for starting a worker outside the timed part.
 */
import { parentPort } from 'node:worker_threads';
import { warmUp } from '../../src/core/workloads/calibrate';
import { privateContext } from '../../src/core/workloads/context';
import { runTask } from '../../src/core/workloads/run-task';
import type { TaskSpec } from '../../src/core/workloads/task-kind';

export type BareCommand = { type: 'warm'; spec: TaskSpec } | { type: 'run'; spec: TaskSpec; tasks: number } | 'exit';

const send = (message: unknown): void => {
  if (parentPort) parentPort.postMessage(message);
  else process.send!(message);
};
const { gil, context } = privateContext(true);

function handle(command: BareCommand): void {
  if (command === 'exit') process.exit(0);
  if (command.type === 'warm') {
    warmUp(command.spec);
    send({ type: 'warmed' });
    return;
  }
  const results = [];
  for (let t = 0; t < command.tasks; t++) {
    gil.take();
    results.push(runTask(command.spec, context));
    gil.idle();
  }
  send({ type: 'done', results });
}

if (parentPort) parentPort.on('message', handle);
else process.on('message', (m) => handle(m as BareCommand));
send({ type: 'ready' });
