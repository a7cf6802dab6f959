// bench/fuzz: the long fuzz run. Prints the cases tried and the failures found.
//
//   npm run bench:fuzz [-- --seed 42 --count 100000]
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../server/src/bundledCatalog';
import { loadCatalog } from '../server/src/core/catalog/catalog';
import { exampleTexts, fuzz } from './fuzzing';
import { benchOptions } from './options';

const values = benchOptions('fuzz [--seed 42] [--count 100000]', { seed: { type: 'string' }, count: { type: 'string' } });
const seed = Number(values.seed ?? 42);
const count = Number(values.count ?? 100_000);
const started = performance.now();
const report = fuzz(exampleTexts(join(__dirname, '..', '..', 'examples')), loadCatalog(BUNDLED_CATALOG).catalog, { seed, count });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`fuzz: seed ${seed}, ${report.cases} cases tried in ${seconds.toFixed(1)} s, ${report.failures} failures found\n`);
if (report.failures > 0) process.stdout.write(`counterexample: ${report.counterexample}\nerror: ${report.error}\n`);
process.exitCode = report.failures > 0 ? 1 : 0;
