/**
 * Saves a session file over and over until it is killed: argv = target file, two prepared
 * versions to alternate between, and "atomic" or "naive" (a plain overwrite, the control).
 * Prints "saved N" after each save completes.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../../../src/core/sessions/atomic-write';

const [target, a, b, mode] = process.argv.slice(2) as [string, string, string, string];
const versions = [readFileSync(a), readFileSync(b)];
for (let i = 0; ; i++) {
  const data = versions[i % 2]!;
  if (mode === 'atomic') await writeFileAtomic(target, data);
  else await writeFile(target, data);
  process.stdout.write(`saved ${i}\n`);
}
