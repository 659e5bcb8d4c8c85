// Spins for duty × 10 ms of every 10 ms slice. Started with "armed", it waits for a "go"
// message first, so a whole set of burners can start within a millisecond of each other.
// It stops on its own when the test or benchmark that started it dies.
import '../../scripts/lib/exit-with-parent.mjs';

const duty = Math.min(1, Math.max(0, Number(process.argv[2] ?? 1)));
const armed = process.argv[3] === 'armed';
const SLICE_MS = 10;

function slice() {
  const end = performance.now() + SLICE_MS * duty;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (duty >= 1) return setImmediate(slice);
  setTimeout(slice, SLICE_MS * (1 - duty));
}

function go() {
  process.send?.({ startedAt: Date.now() });
  slice();
}

if (armed) {
  process.send?.({ armed: true });
  process.once('message', go);
} else {
  go();
}
