// bench/fit: suggests efficiency factors for one chip family from the calibration
// rows — a coordinate search over the family's factors (fractions kept in (0, 1]),
// minimizing median + ½ × worst absolute log error. It prints the factors and the
// family's error before and after; a person copies them into assumptions.ts with
// the reason, so every default stays reviewed.
//
//   node dist/bench/fit.js --family nvidia-hopper [--file a.csv …] [--set decodeBandwidth=0.8 --fix decodeBandwidth]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED_CATALOG } from '../server/src/bundledCatalog';
import { loadCatalog } from '../server/src/core/catalog/catalog';
import { efficiencyFor, withOverrides, type FamilyEfficiency } from '../server/src/core/estimator/assumptions';
import { runCalibration, type CalibrationRow } from './calibration';
import { parseCsv } from './csv';

const DEFAULT_FILES = [
  join(__dirname, '..', '..', 'bench', 'calibration.csv'),
  join(__dirname, '..', '..', 'bench', 'calibration-extra.csv'),
];

type Factor = Exclude<keyof FamilyEfficiency, 'uncertainty'>;
const BOUNDS: Record<Factor, [number, number]> = {
  prefillCompute: [0.05, 1],
  decodeBandwidth: [0.05, 1],
  decodeCompute: [0.05, 1],
  stepOverheadMs: [0, 50],
  layerOverheadUs: [0, 500],
  interconnect: [0.05, 1],
  allReduceLatencyUs: [0, 500],
};

function main(): number {
  const { values } = parseArgs({ options: { family: { type: 'string' }, file: { type: 'string', multiple: true }, fix: { type: 'string', multiple: true }, set: { type: 'string', multiple: true } } });
  const family = values.family;
  if (!family) {
    process.stderr.write('usage: fit --family NAME [--file CSV]… [--fix factor]…\n');
    return 2;
  }
  const files = (values.file ?? DEFAULT_FILES).filter(existsSync);
  const { catalog } = loadCatalog(BUNDLED_CATALOG);
  const rows = files
    .flatMap((f) => parseCsv(readFileSync(f, 'utf8')) as unknown as CalibrationRow[])
    .filter((r) => catalog.chip(r.accelerator)?.family === family);
  if (rows.length === 0) {
    process.stderr.write(`no calibration rows for family ${family}\n`);
    return 1;
  }
  // --set factor=value starts a factor at a value; with --fix factor it stays there.
  const fixed = new Set(values.fix ?? []);
  const start = Object.fromEntries((values.set ?? []).map((pair) => pair.split('=')).map(([k, v]) => [k, Number(v)]));
  const score = (factors: FamilyEfficiency): { score: number; median: number; worst: number } => {
    const assumptions = withOverrides({ efficiency: { [family]: factors } });
    const errors = runCalibration(rows, catalog, assumptions)
      .flatMap((r) => (r.ratio === null ? [] : [Math.abs(Math.log(r.ratio))]))
      .sort((a, b) => a - b);
    const median = errors[Math.floor(errors.length / 2)] ?? 0;
    const worst = errors[errors.length - 1] ?? 0;
    return { score: median + worst / 2, median, worst };
  };
  let best = { ...efficiencyFor(withOverrides({}), family), ...start };
  const before = score(best);
  let current = before.score;
  for (let step = 0.5; step > 0.01; step /= 2) {
    let improved = true;
    while (improved) {
      improved = false;
      for (const factor of Object.keys(BOUNDS) as Factor[]) {
        if (fixed.has(factor)) continue;
        for (const direction of [1 + step, 1 / (1 + step)]) {
          const [low, high] = BOUNDS[factor];
          const value = Math.min(high, Math.max(low, best[factor] === 0 ? step : best[factor] * direction));
          const candidate = { ...best, [factor]: value };
          const result = score(candidate).score;
          if (result < current - 1e-9) {
            best = candidate;
            current = result;
            improved = true;
          }
        }
      }
    }
  }
  const after = score(best);
  const pct = (x: number): string => `${((Math.exp(x) - 1) * 100).toFixed(1)}%`;
  process.stdout.write(
    `${family}: ${rows.length} rows\n` +
      `before: median error ${pct(before.median)}, worst ${pct(before.worst)}\n` +
      `after:  median error ${pct(after.median)}, worst ${pct(after.worst)}\n` +
      `${JSON.stringify(Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Number(Number(v).toPrecision(2))])))}\n`,
  );
  return 0;
}

process.exitCode = main();
