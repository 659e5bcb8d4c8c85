// Spins for duty × 10 ms of every 10 ms slice; tells the parent once it has started.
const duty = Math.min(1, Math.max(0, Number(process.argv[2] ?? 1)));
const SLICE_MS = 10;
process.send?.('burning');
function slice() {
  const end = performance.now() + SLICE_MS * duty;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  if (duty >= 1) return setImmediate(slice);
  setTimeout(slice, SLICE_MS * (1 - duty));
}
slice();
