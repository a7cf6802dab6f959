// bench/fit: suggests efficiency factors for one chip family from the calibration
// rows — the coordinate search of bench/fitting.ts (fractions kept in (0, 1]),
// minimizing the mean absolute log error. It prints the factors and the
// family's error before and after; a person copies them into assumptions.ts with
// the reason, so every default stays reviewed.
//
//   node dist/bench/fit.js --family nvidia-hopper [--file a.csv …] [--set decodeBandwidth=0.8 --fix decodeBandwidth]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../server/src/bundledCatalog';
import { loadCatalog } from '../server/src/core/catalog/catalog';
import { DEFAULT_ASSUMPTIONS, efficiencyFor, type FamilyEfficiency } from '../server/src/core/estimator/assumptions';
import { CALIBRATION_FILES, fittable, prepareRows, readCalibrationFile } from './calibration';
import { fitFactors, pinnedFor } from './fitting';
import { benchOptions } from './options';
import { sizedForSram } from './sramSystems';

const USAGE = 'fit --family NAME [--file CSV]… [--fix factor]… [--set factor=value]…';

function main(): number {
  const values = benchOptions(USAGE, { family: { type: 'string' }, file: { type: 'string', multiple: true }, fix: { type: 'string', multiple: true }, set: { type: 'string', multiple: true } });
  const family = values.family;
  if (!family) {
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  }
  const files = (values.file ?? CALIBRATION_FILES.map((name) => join(__dirname, '..', '..', 'bench', name))).filter(existsSync);
  const { catalog } = loadCatalog(BUNDLED_CATALOG);
  const rows = prepareRows(
    files.flatMap(readCalibrationFile).map((row) => sizedForSram(row, catalog)),
    catalog,
  ).filter((r) => r.family === family && r.input !== undefined && fittable(r));
  if (rows.length === 0) {
    process.stderr.write(`no calibration rows to fit for family ${family}: none estimable, or all from a scored-only file, run with split experts or with weights dequantized on the fly\n`);
    return 1;
  }
  // --set factor=value starts a factor at a value; with --fix factor it stays there.
  const start = Object.fromEntries((values.set ?? []).map((pair) => pair.split('=')).map(([k, v]) => [k, Number(v)]));
  // Factors measured from kernel tables stay at their shipped values unless --set says otherwise.
  const pinned = Object.fromEntries(Object.entries(pinnedFor([family])).filter(([name]) => !(name in start)));
  const { factors, before, after } = fitFactors(rows, catalog, [family], {
    start: { ...efficiencyFor(DEFAULT_ASSUMPTIONS, family), ...start } as FamilyEfficiency,
    fixed: new Set(values.fix ?? []),
    pinned,
  });
  const pct = (x: number): string => `${((Math.exp(x) - 1) * 100).toFixed(1)}%`;
  process.stdout.write(
    `${family}: ${rows.length} rows\n` +
      `before: mean error ${pct(before.mean)}, median ${pct(before.median)}, worst ${pct(before.worst)}\n` +
      `after:  mean error ${pct(after.mean)}, median ${pct(after.median)}, worst ${pct(after.worst)}\n` +
      `${JSON.stringify(Object.fromEntries(Object.entries(factors).map(([k, v]) => [k, Number(Number(v).toPrecision(2))])))}\n`,
  );
  return 0;
}

process.exitCode = main();
