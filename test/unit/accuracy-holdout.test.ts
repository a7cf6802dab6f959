import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CALIBRATION_FILES, SCORED_ONLY_FILES, evaluate, prepareRows, readCalibrationFile, runCalibration, sourceOf, type CalibrationRow, type PreparedRow } from '../../bench/calibration';
import { KERNEL_MEASURED, PINNED_ROW_CHANGE, fitFactors, pinnedFor, priorPenalty, type FitOptions } from '../../bench/fitting';
import { TYPICAL_PRIOR_ROWS, byFamily, bySource, crossValidate, priorWeightFor, refitTrainer, siblingPrior, typicalFactors, withFittableRowsOnly, type Fit } from '../../bench/holdout';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { DEFAULT_ASSUMPTIONS, efficiencyFor } from '../../server/src/core/estimator/assumptions';
import { close } from '../helpers/close';
import { BENCH_DIR, calibrationRow } from '../helpers/fixtures';

const { catalog } = loadCatalog(BUNDLED_CATALOG);

/** A synthetic row: real catalog ids, invented measurements (only the split is under test). */
function row(source: string, accelerator: string, measured: number, input = '1000'): CalibrationRow {
  return calibrationRow({ accelerator, input_tokens: input, measured: String(measured), source: `${source} (table ${input})` });
}

// Three sources over two chip families; source C holds the only Blackwell rows.
const ROWS = prepareRows(
  [
    row('example/a doc.md', 'h100-sxm', 1500),
    row('example/a doc.md', 'h100-sxm', 1300, '2000'),
    row('example/b page', 'h200', 1900),
    row('example/b page', 'h100-sxm', 1400, '4000'),
    row('example/c blog', 'b200', 4000),
    row('example/c blog', 'b200', 3500, '2000'),
  ],
  catalog,
);

/** A fit that records every row it is given, then fits as the bench does (coarsely, to keep the test quick). */
function watchedFit(seen: PreparedRow[][]): Fit {
  return (rows, cat, families, options?: FitOptions) => {
    seen.push([...rows]);
    return fitFactors(rows, cat, families, { ...options, minStep: 0.2 });
  };
}

describe('bench accuracy: held-out splits', () => {
  it('groups rows by publication, whatever version, folder or table of it a row cites', () => {
    assert.equal(sourceOf(ROWS[0]!.row), 'example/a doc.md');
    const cite = (source: string): string => sourceOf({ ...ROWS[0]!.row, source });
    assert.equal(cite('owner/repo docs/v1/perf.md @81ce03a (row 3)'), 'owner/repo perf.md');
    assert.equal(cite('owner/repo docs/v2/perf.md (table B)'), 'owner/repo perf.md');
    assert.equal(cite('example.com/blog/post-name (Nov 2024)'), 'example.com post-name');
  });

  it('never shows a fit the rows of the source held out', () => {
    const seen: PreparedRow[][] = [];
    const results = crossValidate(ROWS, catalog, bySource, (training, families) => {
      const before = seen.length;
      const assumptions = refitTrainer(catalog, {}, watchedFit(seen))(training, families);
      const heldOut = ROWS.filter((r) => !training.includes(r));
      for (const fitted of seen.slice(before)) {
        for (const r of fitted) assert.ok(!heldOut.includes(r), `the fit for ${sourceOf(heldOut[0]!.row)} saw a held-out row of ${sourceOf(r.row)}`);
      }
      return assumptions;
    });
    // Every row is estimated exactly once, in the fold of its own source.
    assert.deepEqual(
      results.map((r) => r.fold),
      ROWS.map((r) => sourceOf(r.row)),
    );
    assert.ok(results.every((r) => r.ratio !== null));
    // Source C holds every Blackwell row: with it held out, Blackwell takes the typical factors of the other families' own fits (here Hopper's alone).
    assert.ok(seen.some((rows) => rows.length === 4 && rows.every((r) => r.family === 'nvidia-hopper')));
    assert.ok(seen.every((rows) => new Set(rows.map((r) => r.family)).size === 1), 'every fit sees one family: no pooled fit across chip families');
  });

  it('scores rows of a scored-only file in every fold but never fits on them', () => {
    const other = prepareRows([{ ...row('example/d bench.csv', 'h100-sxm', 300), file: SCORED_ONLY_FILES[0] }], catalog)[0]!;
    const rows = [...ROWS, other];
    const seen: PreparedRow[][] = [];
    const results = crossValidate(rows, catalog, bySource, withFittableRowsOnly(refitTrainer(catalog, {}, watchedFit(seen))));
    assert.ok(seen.length > 0 && seen.every((fitted) => !fitted.includes(other)), 'no fit saw the scored-only row');
    assert.ok(results.at(-1)?.ratio !== null, 'the scored-only row is still estimated out of sample');
  });

  it('scores a row run with its experts split over chips in every fold but never fits on it', () => {
    const split: CalibrationRow = { ...row('example/e blog.md', 'b200', 40000), model: 'deepseek-r1', precision: 'fp4', accelerators: '8', data_parallel: '8', expert_parallel: 'true', concurrency: '4096' };
    const moe = prepareRows([{ ...split, file: CALIBRATION_FILES[2] }], catalog)[0]!;
    const rows = [...ROWS, moe];
    const seen: PreparedRow[][] = [];
    const results = crossValidate(rows, catalog, byFamily, withFittableRowsOnly(refitTrainer(catalog, {}, watchedFit(seen))));
    assert.ok(seen.length > 0 && seen.every((fitted) => !fitted.includes(moe)), 'no fit saw the split-expert row');
    assert.ok(results.at(-1)?.ratio !== null, 'the split-expert row is still estimated out of sample');
    // The same model without split experts is fitted on as before.
    const dense = prepareRows([{ ...split, data_parallel: '', expert_parallel: '', tensor: '8', file: CALIBRATION_FILES[2] }], catalog)[0]!;
    const again: PreparedRow[][] = [];
    crossValidate([...ROWS, dense], catalog, bySource, withFittableRowsOnly(refitTrainer(catalog, {}, watchedFit(again))));
    assert.ok(again.some((fitted) => fitted.includes(dense)));
  });

  it('scores a row whose weights its chip widens on the fly (fp4 on H100) in every fold but never fits on it; fp4 on B200 is fitted', () => {
    const gptOss = (accelerator: string): PreparedRow =>
      prepareRows([{ ...row('example/f overview.md', accelerator, 11557), model: 'gpt-oss-20b', precision: 'fp4', kv_precision: 'bf16', concurrency: 'max', file: CALIBRATION_FILES[2] }], catalog)[0]!;
    const hopper = gptOss('h100-sxm');
    const seen: PreparedRow[][] = [];
    const results = crossValidate([...ROWS, hopper], catalog, byFamily, withFittableRowsOnly(refitTrainer(catalog, {}, watchedFit(seen))));
    assert.ok(seen.length > 0 && seen.every((fitted) => !fitted.includes(hopper)), 'no fit saw the dequantized row');
    assert.ok(results.at(-1)?.ratio !== null, 'the dequantized row is still estimated out of sample');
    const blackwell = gptOss('b200');
    const again: PreparedRow[][] = [];
    crossValidate([...ROWS, blackwell], catalog, bySource, withFittableRowsOnly(refitTrainer(catalog, {}, watchedFit(again))));
    assert.ok(again.some((fitted) => fitted.includes(blackwell)));
  });

  it('estimates a held-out row with the factors fitted on the other rows only', () => {
    const seen: PreparedRow[][] = [];
    const results = crossValidate(ROWS, catalog, byFamily, refitTrainer(catalog, {}, watchedFit(seen)));
    const blackwell = ROWS.filter((r) => r.family === 'nvidia-blackwell');
    const others = ROWS.filter((r) => r.family !== 'nvidia-blackwell');
    // The same fit run by hand on the other family's rows gives the same held-out estimates
    // (the typical factors of one family's fit are that fit).
    const typical = fitFactors(others, catalog, ['nvidia-hopper'], { minStep: 0.2 }).factors;
    const byHand = evaluate(blackwell, catalog, { ...DEFAULT_ASSUMPTIONS, efficiency: { ...DEFAULT_ASSUMPTIONS.efficiency, 'nvidia-blackwell': typical } });
    const heldOut = results.filter((r) => r.family === 'nvidia-blackwell');
    assert.deepEqual(
      heldOut.map((r) => r.estimate),
      byHand.map((r) => r.estimate),
    );
    // Changing a held-out measurement changes nothing about its own estimate.
    const moved = ROWS.map((r) => (r === blackwell[0] ? { ...r, row: { ...r.row, measured: '400000' } } : r));
    const again = crossValidate(moved, catalog, byFamily, refitTrainer(catalog, { minStep: 0.2 }));
    assert.equal(again.find((r) => r.family === 'nvidia-blackwell')?.estimate, heldOut[0]?.estimate);
  });
});

describe('bench accuracy: factors for a family with no training rows', () => {
  it('takes each factor’s mean over the middle of the other families’ own fits, so an outlying family cannot pull it', () => {
    const base = DEFAULT_ASSUMPTIONS.efficiency['default']!;
    const every = new Set(['prefillCompute', 'stepOverheadMs']);
    const fits = [
      { factors: { ...base, prefillCompute: 0.2, stepOverheadMs: 40 }, constrained: every },
      { factors: { ...base, prefillCompute: 0.5, stepOverheadMs: 1 }, constrained: every },
      { factors: { ...base, prefillCompute: 0.95, stepOverheadMs: 2 }, constrained: every },
      { factors: { ...base, prefillCompute: 0.6, stepOverheadMs: 3 }, constrained: every },
      { factors: { ...base, prefillCompute: 0.4, stepOverheadMs: 0 }, constrained: every },
    ];
    const typical = typicalFactors(fits);
    // The middle three: a fraction of peak by its log, an overhead (0 allowed) as log(1 + x).
    close(typical.prefillCompute, Math.cbrt(0.4 * 0.5 * 0.6), 'prefill', 1e-10);
    close(typical.stepOverheadMs, Math.cbrt(2 * 3 * 4) - 1, 'step overhead', 1e-10);
    assert.equal(typical.uncertainty, base.uncertainty, 'the range width is never fitted');
  });

  it('moves by a third of a middle family’s change, where a median would move by all of it', () => {
    const base = DEFAULT_ASSUMPTIONS.efficiency['default']!;
    const fitsWith = (middle: number) =>
      [0.2, 0.3, 0.4, middle, 0.6, 0.7, 0.8].map((prefillCompute) => ({ factors: { ...base, prefillCompute }, constrained: new Set(['prefillCompute']) }));
    const before = typicalFactors(fitsWith(0.5)).prefillCompute;
    const after = typicalFactors(fitsWith(0.45)).prefillCompute;
    close(Math.log(after / before), Math.log(0.45 / 0.5) / 3, 'log move', 1e-10);
  });

  it('counts a family toward a factor only when its rows constrain that factor', () => {
    const base = DEFAULT_ASSUMPTIONS.efficiency['default']!;
    // The second family has no TTFT rows: its prefill stayed at the neutral start (0.5).
    const fits = [
      { factors: { ...base, prefillCompute: 0.2, stepOverheadMs: 4 }, constrained: new Set(['prefillCompute', 'stepOverheadMs']) },
      { factors: { ...base, prefillCompute: 0.5, stepOverheadMs: 1 }, constrained: new Set(['stepOverheadMs']) },
      { factors: { ...base, prefillCompute: 0.3, stepOverheadMs: 2 }, constrained: new Set(['prefillCompute', 'stepOverheadMs']) },
    ];
    const typical = typicalFactors(fits);
    close(typical.prefillCompute, Math.sqrt(0.2 * 0.3), 'prefill from 0.2 and 0.3, without the unconstrained 0.5', 1e-10);
    close(typical.stepOverheadMs, Math.cbrt(5 * 2 * 3) - 1, 'step overhead', 1e-10);
    // A factor no fit constrains takes the middle of all of them.
    const none = fits.map((f) => ({ ...f, constrained: new Set<string>() }));
    close(typicalFactors(none).prefillCompute, Math.cbrt(0.2 * 0.5 * 0.3), 'prefill', 1e-10);
  });

  it('finds which factors the rows constrain', () => {
    // One chip and throughput only: the link never carries anything, and no row is a TTFT.
    const rows = prepareRows([row('example/a doc.md', 'h100-sxm', 1500)], catalog);
    const { constrained } = fitFactors(rows, catalog, ['nvidia-hopper'], { minStep: 0.2 });
    assert.ok(constrained.has('decodeBandwidth'));
    assert.ok(!constrained.has('interconnect'));
    assert.ok(!constrained.has('requestOverheadMs'));
  });

  it('does not count a factor that moves no row by more than PINNED_ROW_CHANGE', () => {
    const rows = prepareRows([row('example/a doc.md', 'h100-sxm', 1500)], catalog);
    const hopper = DEFAULT_ASSUMPTIONS.efficiency['nvidia-hopper']!;
    const held = (layerOverheadUs: number): FitOptions => ({ start: { ...hopper, layerOverheadUs }, fixed: new Set(['layerOverheadUs']), minStep: 0.2 });
    // 32 layers × 0.001 µs on a step of milliseconds: doubling it moves the estimate by a few millionths, far below PINNED_ROW_CHANGE.
    assert.ok(PINNED_ROW_CHANGE > 1e-5);
    assert.ok(!fitFactors(rows, catalog, ['nvidia-hopper'], held(0.001)).constrained.has('layerOverheadUs'));
    // 32 layers × 100 µs: milliseconds on every step.
    assert.ok(fitFactors(rows, catalog, ['nvidia-hopper'], held(100)).constrained.has('layerOverheadUs'));
  });
});

describe('bench accuracy: a sibling generation as the held-out prior', () => {
  const typical = { ...DEFAULT_ASSUMPTIONS.efficiency['default']!, prefillCompute: 0.3, decodeBandwidth: 0.7 };
  const sibling = { factors: { ...typical, prefillCompute: 0.1, decodeBandwidth: 0.5 }, constrained: new Set(['prefillCompute']) };
  const bf16 = (source: string, accelerator: string, measured: number): CalibrationRow => ({ ...row(source, accelerator, measured), precision: 'bf16', kv_precision: 'bf16' });

  it('takes the factors the sibling’s rows pin, and the typical ones elsewhere', () => {
    const prior = siblingPrior(typical, sibling, prepareRows([bf16('example/n doc', 'trainium2', 900)], catalog));
    assert.equal(prior.prefillCompute, 0.1);
    assert.equal(prior.decodeBandwidth, 0.7);
  });

  it('is the typical stack when a sibling row is timed at another precision’s peak', () => {
    // Gaudi 2 publishes no fp8 peak: its fp8 rows are timed at the bf16 peak.
    const gaudi2 = prepareRows([row('example/g page', 'gaudi2', 900)], catalog);
    assert.deepEqual(siblingPrior(typical, sibling, gaudi2), typical);
  });

  it('is where a held-out generation’s fit starts when its sibling has training rows', () => {
    const rows = prepareRows([bf16('example/a doc.md', 'h100-sxm', 1500), bf16('example/n doc', 'trainium2', 700), bf16('example/i doc', 'inferentia2', 300)], catalog);
    assert.deepEqual(
      rows.map((r) => [r.family, r.chipFamily]),
      [
        ['nvidia-hopper', 'nvidia-hopper'],
        ['trainium2', 'aws-neuron'],
        ['aws-neuron', 'aws-neuron'],
      ],
    );
    const calls: { families: readonly string[]; options: FitOptions | undefined; fitted: ReturnType<typeof fitFactors> }[] = [];
    const recording: Fit = (fitted, cat, families, options) => {
      const result = fitFactors(fitted, cat, families, { ...options, minStep: 0.2 });
      calls.push({ families, options, fitted: result });
      return result;
    };
    refitTrainer(catalog, {}, recording)(rows, ['aws-neuron']);
    const trainium2 = calls.find((c) => c.families.includes('trainium2'))!.fitted;
    const hopper = calls.find((c) => c.families.includes('nvidia-hopper'))!.fitted;
    const inferentia = calls.find((c) => c.families.includes('aws-neuron'))!;
    assert.ok(trainium2.constrained.has('decodeBandwidth'));
    assert.notEqual(trainium2.factors.decodeBandwidth, hopper.factors.decodeBandwidth, 'the sibling and the typical stack differ here');
    assert.equal(inferentia.options?.start?.decodeBandwidth, trainium2.factors.decodeBandwidth);
    assert.equal(inferentia.options?.prior?.decodeBandwidth, trainium2.factors.decodeBandwidth);
  });
});

describe('bench accuracy: a chip family whose generations run at factors of their own', () => {
  it('counts once toward the typical factors, its generations’ rows fitted together', () => {
    // Gaudi 2 has factors of its own, apart from its family's (Gaudi 3): two efficiency keys, one chip family.
    const rows = prepareRows([row('example/a doc.md', 'h100-sxm', 1500), row('example/b page', 'gaudi2', 900), row('example/b page', 'gaudi3', 1400)], catalog);
    assert.deepEqual(
      rows.map((r) => [r.family, r.chipFamily]),
      [
        ['nvidia-hopper', 'nvidia-hopper'],
        ['gaudi2', 'intel-gaudi'],
        ['intel-gaudi', 'intel-gaudi'],
      ],
    );
    const seen: PreparedRow[][] = [];
    refitTrainer(catalog, {}, watchedFit(seen))(rows.slice(1), ['nvidia-hopper']);
    // One fit for the typical stack, over both Gaudi generations' rows; Hopper has no rows left of its own.
    assert.deepEqual(
      seen.map((fitted) => fitted.map((r) => r.family)),
      [['gaudi2', 'intel-gaudi']],
    );
  });
});

describe('bench accuracy: factors measured from kernel tables', () => {
  const shipped = (family: string): Record<string, number> => efficiencyFor(DEFAULT_ASSUMPTIONS, family) as unknown as Record<string, number>;
  // One Llama 3.3 70B run on four H100: enough for the link to matter to a fit.
  const fourChips = prepareRows([{ ...row('example/a doc.md', 'h100-sxm', 9000), model: 'llama-3.3-70b', accelerators: '4', tensor: '4' }], catalog);

  it('are the shipped values, for NVIDIA’s two calibrated families alone', () => {
    assert.deepEqual(Object.keys(KERNEL_MEASURED).sort(), ['nvidia-blackwell', 'nvidia-hopper']);
    const blackwell = shipped('nvidia-blackwell');
    assert.deepEqual(pinnedFor(['nvidia-blackwell']), { interconnect: blackwell['interconnect'], allReduceLatencyUs: blackwell['allReduceLatencyUs'], expertSliceHalfWidth: 600 });
    assert.deepEqual(pinnedFor(['aws-neuron']), {});
    assert.deepEqual(pinnedFor(['gaudi2', 'intel-gaudi']), {}, 'a pooled fit of several families pins nothing');
  });

  it('hold where they are pinned while the fit moves the rest', () => {
    const pinned = { interconnect: 0.3, allReduceLatencyUs: 40 };
    const fitted = fitFactors(fourChips, catalog, ['nvidia-hopper'], { pinned, minStep: 0.2 });
    assert.equal(fitted.factors.interconnect, 0.3);
    assert.equal(fitted.factors.allReduceLatencyUs, 40);
    assert.notEqual(fitted.factors.decodeBandwidth, 0.5, 'the free factors left their neutral start');
  });

  it('are not what the rows pin, so they never reach the typical stack', () => {
    assert.ok(fitFactors(fourChips, catalog, ['nvidia-hopper'], { minStep: 0.2 }).constrained.has('interconnect'), 'four chips: free, the link is the rows’');
    const pinned = fitFactors(fourChips, catalog, ['nvidia-hopper'], { pinned: pinnedFor(['nvidia-hopper']), minStep: 0.2 });
    assert.ok(!pinned.constrained.has('interconnect'));
    assert.ok(!pinned.constrained.has('allReduceLatencyUs'));
    assert.ok(pinned.constrained.has('decodeBandwidth'));
  });

  it('reach a held-out family with no rows of its own, where every other factor is the typical stack', () => {
    // Source C held out: Blackwell has no training rows; the typical stack is Hopper's fit alone.
    const training = ROWS.filter((r) => sourceOf(r.row) !== 'example/c blog');
    const assumptions = refitTrainer(catalog, { minStep: 0.2 })(training, ['nvidia-blackwell']);
    const blackwell = efficiencyFor(assumptions, 'nvidia-blackwell');
    assert.equal(blackwell.interconnect, shipped('nvidia-blackwell')['interconnect']);
    assert.equal(blackwell.allReduceLatencyUs, shipped('nvidia-blackwell')['allReduceLatencyUs']);
    assert.notEqual(blackwell.interconnect, shipped('nvidia-hopper')['interconnect'], 'not the typical (Hopper’s) link');
  });

  it("keep a held-out family's expert slices at their measured width where its own rows are fitted from the typical stack", () => {
    // The typical stack is MI300X's fit alone, whose experts' slices are timed at no width (0); Blackwell fits its own rows from there.
    const rows = prepareRows([row('example/a doc.md', 'mi300x', 2500), row('example/b page', 'b200', 4000), row('example/b page', 'b200', 2000, '4000')], catalog);
    const assumptions = refitTrainer(catalog, { minStep: 0.2 })(rows, ['nvidia-blackwell']);
    assert.equal(efficiencyFor(assumptions, 'nvidia-blackwell').expertSliceHalfWidth, 600);
  });
});

describe('bench accuracy: the fast path the fits use', () => {
  it('estimates every calibration row exactly as the CLI path does', () => {
    const rows = [...CALIBRATION_FILES, ...SCORED_ONLY_FILES].flatMap((name) => readCalibrationFile(join(BENCH_DIR, name)));
    const viaCli = runCalibration(rows, catalog);
    const viaFit = evaluate(prepareRows(rows, catalog), catalog, DEFAULT_ASSUMPTIONS);
    assert.deepEqual(
      viaFit.map((r) => r.estimate),
      viaCli.map((r) => r.estimate),
    );
  });
});

describe('bench accuracy: a fit drawn toward typical factors', () => {
  // Two Hopper rows whose best fit sits far from the prior: a decode figure 3× the prior's estimate.
  const rows = prepareRows([row('example/a doc.md', 'h100-sxm', 9000), row('example/a doc.md', 'h100-sxm', 8000, '2000')], catalog);
  const prior = { ...DEFAULT_ASSUMPTIONS.efficiency['nvidia-hopper']!, decodeBandwidth: 0.2, decodeCompute: 0.1, prefillCompute: 0.2 };
  const distance = (factors: typeof prior): number => priorPenalty(factors, prior, ['prefillCompute', 'decodeBandwidth', 'decodeCompute']);

  it('moves less far from the prior the more it weighs it, and not at all when the prior outweighs any error', () => {
    const free = fitFactors(rows, catalog, ['nvidia-hopper'], { start: prior, minStep: 0.1 });
    const drawn = fitFactors(rows, catalog, ['nvidia-hopper'], { start: prior, prior, priorWeight: 2, minStep: 0.1 });
    const held = fitFactors(rows, catalog, ['nvidia-hopper'], { start: prior, prior, priorWeight: 100, minStep: 0.1 });
    assert.ok(distance(free.factors) > distance(drawn.factors), `free ${distance(free.factors)} vs drawn ${distance(drawn.factors)}`);
    assert.ok(distance(drawn.factors) > 0, 'a small weight still lets the rows move the factors');
    assert.deepEqual(held.factors, prior);
    // The weight costs fit: the free fit's error on its rows is the lowest.
    assert.ok(free.after.mean < drawn.after.mean);
  });

  it('weighs the pull as one of the family’s own rows: harder on a family a fold leaves with fewer', () => {
    const weights = (training: readonly PreparedRow[]): (number | undefined)[] => {
      const seen: (number | undefined)[] = [];
      const recording: Fit = (fitted, cat, families, options) => {
        if (families.includes('nvidia-blackwell')) seen.push(options?.priorWeight);
        return fitFactors(fitted, cat, families, { ...options, minStep: 0.2 });
      };
      refitTrainer(catalog, {}, recording)(training, ['nvidia-blackwell']);
      return seen;
    };
    // ROWS holds two Blackwell rows; the Hopper rows are the other family, the typical stack.
    assert.deepEqual(weights(ROWS), [0.5]);
    assert.deepEqual(weights(ROWS.slice(0, 5)), [1]);
    assert.equal(TYPICAL_PRIOR_ROWS, 1);
    assert.equal(priorWeightFor(40), 0.025);
  });

  it('measures distance in log terms, and overheads from 0 as log(1 + x)', () => {
    assert.equal(priorPenalty({ ...prior, decodeBandwidth: 0.4 }, prior, ['decodeBandwidth']), Math.log(2));
    assert.equal(priorPenalty({ ...prior, stepOverheadMs: 1 }, { ...prior, stepOverheadMs: 0 }, ['stepOverheadMs']), Math.log(2));
  });
});
