// Loaded (`node --import`) into every benchmark suite by scripts/bench.mjs. A suite that can't
// reach its condition (a wait that times out on a busy machine, a process that won't start)
// ends with one line and a non-zero exit, never a stack trace. Exiting through process.exit
// lets Playwright close the Chromium it launched; burners and servers exit with their parent
// (exit-with-parent.mjs), and the runner then ends whatever is left in the suite's group.
import './exit-with-parent.mjs';

const suite = process.env.GIL_LAB_BENCH_SUITE ?? 'benchmark';

function giveUp(error) {
  const text = error instanceof Error ? error.message : String(error);
  const reason = text.split('\n').find((line) => line.trim() !== '') ?? 'unknown failure';
  process.stderr.write(
    `bench ${suite}: could not finish: ${reason.trim()} (a busy machine? try again, or with fewer --trials)\n`,
  );
  process.exit(1);
}

process.on('uncaughtException', giveUp);
process.on('unhandledRejection', giveUp);
