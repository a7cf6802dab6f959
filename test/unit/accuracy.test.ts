import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CALIBRATION_FILES, SCORED_ONLY_FILES, fitsOn, readCalibrationFile, runCalibration, splitsExperts, summarize, waveTtftMs, type CalibrationRow } from '../../bench/calibration';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import { BENCH_DIR } from '../helpers/fixtures';

// The calibration files: measured results with their sources, kept in the repository's bench/.
const { catalog } = loadCatalog(BUNDLED_CATALOG);

describe('estimator accuracy on bench/calibration.csv', () => {
  const rows = readCalibrationFile(join(BENCH_DIR, 'calibration.csv'));
  const results = runCalibration(rows, catalog);
  const summary = new Map(summarize(results).map((s) => [s.group, s]));

  it('keeps the median error within 15% on throughput and 20% on latency', () => {
    const throughput = summary.get('calibration.csv: throughput rows');
    const latency = summary.get('calibration.csv: latency rows');
    assert.ok(throughput?.mdape !== null && throughput?.mdape !== undefined && throughput.mdape <= 0.15, `throughput MdAPE ${throughput?.mdape}`);
    assert.ok(latency?.mdape !== null && latency?.mdape !== undefined && latency.mdape <= 0.2, `latency MdAPE ${latency?.mdape}`);
  });

  it('has no estimated row off by more than 1.5×, and a row run with split experts inside its range, whose slow side reaches what such runs measured', () => {
    for (const r of results) {
      if (r.ratio === null) continue;
      const where = `${r.row.model} on ${r.row.accelerators}× ${r.row.accelerator} ${r.row.metric}: ratio ${r.ratio.toFixed(2)}`;
      if (splitsExperts(r.row)) assert.equal(r.inRange, true, where);
      else assert.ok(r.ratio <= 1.5 && r.ratio >= 1 / 1.5, where);
    }
  });

  it('estimates every row whose chip publishes the figures it needs', () => {
    const missing = results.filter((r) => r.ratio === null).map((r) => `${r.row.accelerator}: ${r.reason}`);
    assert.deepEqual(missing, []);
  });
});

describe('calibration files', () => {
  const files = [...CALIBRATION_FILES, ...SCORED_ONLY_FILES];
  const rows = files.flatMap((name) => readCalibrationFile(join(BENCH_DIR, name)));

  it('give every row a source, a metric the bench reads and a positive measurement', () => {
    const metrics = ['output_tokens_per_second', 'per_user_tokens_per_second', 'ttft_ms', 'tpot_ms'];
    for (const row of rows) {
      const where = `${row.file}: ${row.model} on ${row.accelerator}`;
      assert.ok(row.source.length > 20 && / /.test(row.source), `${where}: names no source`);
      assert.ok(metrics.includes(row.metric), `${where}: metric ${row.metric}`);
      assert.ok(Number(row.measured) > 0, `${where}: measured ${row.measured}`);
    }
  });

  it('state data-parallel engines as a whole number and split experts as true or false, when at all', () => {
    for (const row of rows) {
      const where = `${row.file}: ${row.model} on ${row.accelerator}`;
      const engines = row.data_parallel ?? '';
      assert.ok(engines === '' || /^[1-9]\d*$/.test(engines), `${where}: data_parallel ${engines}`);
      assert.ok(['', 'true', 'false'].includes(row.expert_parallel ?? ''), `${where}: expert_parallel ${row.expert_parallel}`);
    }
    // MLPerf's DeepSeek-R1 runs are read as configured: attention data parallelism, experts split over the 8 GPUs.
    const r1 = rows.filter((row) => row.file === 'calibration-mlperf.csv' && row.model === 'deepseek-r1');
    assert.deepEqual(r1.map((row) => [row.tensor, row.data_parallel, row.expert_parallel, row.concurrency]), [['1', '8', 'true', '4096'], ['1', '8', 'true', '4096']]);
    // So are TensorRT-LLM perf-overview's MoE rows on more than one GPU: its MoE command enables attention data parallelism and --ep.
    const moe = rows.filter((row) => row.source.includes('performance/perf-overview.md') && catalog.model(row.model)?.moe && row.accelerators !== '1');
    assert.equal(moe.length, 9);
    for (const row of moe) assert.deepEqual([row.tensor, row.data_parallel, row.expert_parallel], ['1', row.accelerators, 'true'], `${row.file}: ${row.model} on ${row.accelerators}× ${row.accelerator}`);
  });

  it("state the harness's arrival as waves or not at all, and only where a closed loop ran one output length", () => {
    for (const row of rows) assert.ok(['', 'waves'].includes(row.arrival ?? ''), `${row.file}: ${row.model} on ${row.accelerator}: arrival ${row.arrival}`);
    // Intel's Gaudi tutorial: benchmark_serving with --ignore-eos and --max-concurrency 64, 640 prompts of 2,048 output tokens.
    const waves = rows.filter((row) => row.arrival === 'waves');
    assert.deepEqual([...new Set(waves.map((row) => `${row.file} ${row.concurrency} ${row.output_tokens}`))], ['calibration-vendor-tutorials.csv 64 2048']);
    assert.ok(waves.every((row) => row.source.includes('--ignore-eos')));
  });

  it('are read with their base name, which keeps every row of a scored-only file out of the fits, whoever reads it', () => {
    const byFile = new Map(files.map((name) => [name, rows.filter((row) => row.file === name)]));
    for (const [name, fileRows] of byFile) assert.ok(fileRows.length > 0, `${name}: no row tagged with it`);
    assert.equal(rows.filter((row) => !files.includes(row.file as (typeof files)[number])).length, 0);
    for (const name of SCORED_ONLY_FILES) assert.deepEqual(byFile.get(name)!.filter(fitsOn), []);
  });

  it("hold InferenceX's TTFTs of the very runs whose TPOT rows are fitted, configuration for configuration", () => {
    // The capture's record (hardware, framework, precision, parallelism, lengths, concurrency) and the run that measured it.
    const record = (row: CalibrationRow): string | undefined => /row (hardware=[^;]+;) run \d{4}-\d{2}-\d{2} (\S+),/.exec(row.source)?.slice(1).join(' ');
    const columns = (row: CalibrationRow): string =>
      [row.model, row.precision, row.kv_precision, row.accelerator, row.accelerators, row.tensor, row.input_tokens, row.output_tokens, row.concurrency].join(' ');
    const ttfts = rows.filter((row) => row.file === 'calibration-inferencex-ttft.csv');
    const tpots = new Map(rows.filter((row) => row.file === 'calibration-inferencex.csv' && row.metric === 'tpot_ms').map((row) => [record(row), row]));
    assert.equal(ttfts.length, 33);
    assert.equal(new Set(ttfts.map(record)).size, 33);
    for (const row of ttfts) {
      const tpot = tpots.get(record(row));
      assert.equal(row.metric, 'ttft_ms');
      assert.ok(record(row) !== undefined && tpot, `${columns(row)}: no TPOT row of run ${record(row)}`);
      assert.equal(columns(row), columns(tpot));
      // The run's mean TPOT, quoted in the TTFT row, is the one the TPOT row quotes, to the last digit.
      const quoted = /'mean_tpot' ([\d.e-]+) s is the TPOT row's/.exec(row.source)?.[1];
      assert.ok(quoted !== undefined && tpot.source.includes(`'mean_tpot' ${quoted} s × 1000`), `${columns(row)}: mean_tpot ${quoted}`);
    }
  });

  it('name models and hardware the catalog knows, so no row is silently dropped', () => {
    for (const row of rows) {
      assert.ok(catalog.model(row.model), `${row.file}: model ${row.model}`);
      assert.ok(catalog.chip(row.accelerator) ?? catalog.instance(row.accelerator), `${row.file}: accelerator ${row.accelerator}`);
    }
  });
});

describe('a harness that sends requests in waves', () => {
  const base: CalibrationRow = {
    model: 'llama-3.1-8b',
    precision: 'bf16',
    kv_precision: 'bf16',
    accelerator: 'gaudi3',
    accelerators: '1',
    tensor: '1',
    pipeline: '',
    replicas: '1',
    input_tokens: '1868',
    output_tokens: '2048',
    concurrency: '64',
    metric: 'ttft_ms',
    measured: '1802.70',
    source: 'example/tutorial README.md (a wave test)',
  };

  it('waits behind (n + 1) / 2 prefills on average after the request overhead', () => {
    assert.equal(waveTtftMs(50, 10, 1), 50);
    assert.equal(waveTtftMs(50, 10, 64), 10 + 32.5 * 40);
  });

  it("scores a wave's TTFT against one request's prefill, not the steady state's wait", () => {
    const [alone, steady, wave] = runCalibration([{ ...base, concurrency: '1' }, base, { ...base, arrival: 'waves' }], catalog);
    const overhead = DEFAULT_ASSUMPTIONS.efficiency['intel-gaudi']!.requestOverheadMs;
    assert.ok(alone!.estimate! > overhead);
    // A steady state of 64 sequences waits far less than a wave of 64 arriving together.
    assert.ok(steady!.estimate! < 2 * alone!.estimate!, `steady ${steady!.estimate}`);
    assert.ok(Math.abs(wave!.estimate! - (overhead + 32.5 * (alone!.estimate! - overhead))) < 1e-6, `wave ${wave!.estimate}`);
    assert.equal(wave!.ratio, wave!.estimate! / 1802.7);
    // The other figures of a wave row are the steady state's.
    const [tpot, tpotWave] = runCalibration([{ ...base, metric: 'tpot_ms' }, { ...base, metric: 'tpot_ms', arrival: 'waves' }], catalog);
    assert.equal(tpotWave!.estimate, tpot!.estimate);
  });
});

describe('Gaudi 2 on eight chips', () => {
  const mlperf = readCalibrationFile(join(BENCH_DIR, 'calibration-mlperf.csv')).filter((row) => row.accelerator === 'gaudi2');

  it("times MLPerf v4.0's Llama 2 70B on 8 chips within 1.3×: the scale-up link is not priced as a bottleneck", () => {
    assert.deepEqual(mlperf.map((row) => [row.model, row.accelerators, row.tensor, row.concurrency, row.measured]), [['llama-2-70b', '8', '8', '1024', '8034.85']]);
    const [result] = runCalibration(mlperf, catalog);
    assert.ok(result!.ratio !== null && result!.ratio >= 1 / 1.3 && result!.ratio <= 1.3, `ratio ${result!.ratio}`);
  });
});
