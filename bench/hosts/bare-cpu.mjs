// Orchestration baseline: a bare forked process, started once and reused like a warm pool, that runs the same sum-of-squares kernel the
// lab's workers run (same slices, same atomic breaker poll), with no pool, GIL or protocol.
const breaker = new Int32Array(new SharedArrayBuffer(16));
function sumOfSquares(n) {
  let acc = 0;
  for (let s = 0; s < n; s += 4096) {
    const stop = Math.min(n, s + 4096);
    for (let i = s; i < stop; i++) acc = (acc + Math.imul(i, i)) >>> 0;
    if (Atomics.load(breaker, 3) !== 0) throw new Error('unexpected');
  }
  return acc;
}
for (let i = 0; i < 200; i++) sumOfSquares(1 << 19);
process.send({ ready: true });
process.on('message', (message) => {
  if (message === 'exit') process.exit(0);
  for (let t = 0; t < message.tasks; t++) sumOfSquares(message.n);
  process.send({ done: true });
});
