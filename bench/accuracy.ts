// bench/accuracy: runs every measured row of the calibration files through the same
// path as `inference-lens estimate` (a manifest text → analyze) and prints the
// estimate against the measurement, then the median absolute percentage error and
// the worst ratio per metric and per chip family.
//
//   npm run bench:accuracy [-- --file path/to/calibration.csv …]   (default: bench/calibration.csv and bench/calibration-extra.csv)
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED_CATALOG } from '../server/src/bundledCatalog';
import { loadCatalog } from '../server/src/core/catalog/catalog';
import { runCalibration, summarize, type CalibrationRow } from './calibration';
import { parseCsv } from './csv';

// The project's measured results: the first calibration set, and the extra rows gathered later.
const DEFAULT_FILES = [
  join(__dirname, '..', '..', 'bench', 'calibration.csv'),
  join(__dirname, '..', '..', 'bench', 'calibration-extra.csv'),
];

function main(): number {
  const { values } = parseArgs({ options: { file: { type: 'string', multiple: true } } });
  const files = values.file ?? DEFAULT_FILES;
  const rows: (CalibrationRow & { file: string })[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      process.stderr.write(`calibration file not found: ${file}\n`);
      return 2;
    }
    const name = basename(file);
    rows.push(...(parseCsv(readFileSync(file, 'utf8')) as unknown as CalibrationRow[]).map((row) => ({ ...row, file: name })));
  }
  const { catalog } = loadCatalog(BUNDLED_CATALOG);
  const results = runCalibration(rows, catalog);
  const out: string[] = [];
  out.push(`Estimator accuracy on ${rows.length} measured rows (${files.join(', ')})`, '');
  out.push(['file', 'model', 'prec', 'hardware', 'tp×pp', 'in/out', 'conc', 'metric', 'measured', 'estimate', 'ratio', 'in range'].join('\t'));
  for (const r of results) {
    out.push(
      [
        r.file,
        r.row.model,
        r.row.precision,
        `${r.row.accelerators}× ${r.row.accelerator}`,
        `${r.row.tensor}×${r.row.pipeline}`,
        `${r.row.input_tokens}/${r.row.output_tokens}`,
        r.row.concurrency,
        r.row.metric,
        r.row.measured,
        r.estimate === null ? `n/a (${r.reason})` : r.estimate.toFixed(1),
        r.ratio === null ? '' : r.ratio.toFixed(2),
        r.inRange === null ? '' : r.inRange ? 'yes' : 'no',
      ].join('\t'),
    );
  }
  out.push('', 'group\trows\testimated\tMdAPE\tworst ratio\tin range');
  for (const s of summarize(results)) {
    out.push(
      [
        s.group,
        s.rows,
        s.estimated,
        s.mdape === null ? 'n/a' : `${(s.mdape * 100).toFixed(1)}%`,
        s.worst === null ? 'n/a' : s.worst.toFixed(2),
        s.inRange === null ? 'n/a' : `${Math.round(s.inRange * 100)}%`,
      ].join('\t'),
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main();
