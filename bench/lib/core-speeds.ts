import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { median } from './report';

/**
 * How fast each core runs the same Python loop, pinned to it with os.sched_setaffinity: a VM's
 * cores can differ (one ran 1.6 times slower than the other here on one day), and then two
 * processes end apart and a GIL run's figures depend on which core it landed on. Null off Linux,
 * where Python can't pin itself.
 */
const PINNED_LOOP = `
import os, sys, time
if not hasattr(os, 'sched_setaffinity'):
    sys.exit(3)
os.sched_setaffinity(0, {int(sys.argv[1])})
t = time.perf_counter()
sum(i * i for i in range(5_000_000))
print(time.perf_counter() - t)
`;

export function coreSpeeds(python: string, tries = 3): number[] | null {
  if (process.platform !== 'linux') return null;
  const cores = os.availableParallelism();
  const seconds = (core: number) =>
    Number(execFileSync(python, ['-c', PINNED_LOOP, String(core)], { encoding: 'utf8', timeout: 30_000 }).trim());
  return Array.from({ length: cores }, (_, core) => median(Array.from({ length: tries }, () => seconds(core))));
}
