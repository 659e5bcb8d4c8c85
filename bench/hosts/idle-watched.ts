// Reference point: the event-loop stalls an idle Node process sees on this machine, which no
// code of ours causes (scheduler preemption, the VM). Prints the report on SIGUSR2.
import { EventLoopWatch } from '../../src/core/util/event-loop-watch';

const watch = new EventLoopWatch().start();
process.on('SIGUSR2', () => {
  console.error(`diagnostics ${JSON.stringify({ eventLoop: watch.report() })}`);
  watch.reset();
});
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
