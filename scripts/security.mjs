// `npm run security`: Electronegativity over src. Fails on any HIGH or MEDIUM finding, or on a file
// it could not parse (a file it cannot read is a file it did not check).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './lib/build.mjs';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
// src has no package.json to read the Electron version from; the checks' defaults depend on it.
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

const result = await run({
  input: path.join(root, 'src'),
  isRelative: true,
  electronVersionOverride: electronVersion,
  // Compares the Electron version in a package.json (src has none) with releases fetched from
  // GitHub with no time limit, so here it could only hang on a network that drops packets.
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
});

const failing = new Set(['HIGH', 'MEDIUM']);
const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
for (const issue of result.issues) {
  const severity = issue.severity.name;
  counts[severity] = (counts[severity] ?? 0) + 1;
  const review = issue.manualReview ? ' (review by hand)' : '';
  console.log(
    `${failing.has(severity) ? '✗' : '·'} ${severity} ${issue.id} src/${issue.file}:${issue.location.line}${review}`,
  );
}
const unparsed = result.errors.filter((error) => !error.tolerable);
for (const error of unparsed)
  console.log(`✗ could not parse src/${path.relative(path.join(root, 'src'), error.file)}: ${error.message}`);

const summary = Object.entries(counts)
  .map(([severity, n]) => `${n} ${severity}`)
  .join(', ');
console.log(
  `Electronegativity ${result.globalChecks + result.atomicChecks} checks over src (Electron ${electronVersion}): ${summary}`,
);
if (counts.HIGH + counts.MEDIUM > 0 || unparsed.length > 0) process.exit(1);
