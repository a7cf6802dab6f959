import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fitsOn, offDefaultAttention, readCalibrationFile, runCalibration } from '../../bench/calibration';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import type { AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { DEFAULT_ASSUMPTIONS, efficiencyFor } from '../../server/src/core/estimator/assumptions';
import { parseServingCommand, shellTokens } from '../../server/src/core/manifest/servingCommand';
import { close } from '../helpers/close';
import { BENCH_DIR, pod } from '../helpers/fixtures';
import { readOne } from '../helpers/readOne';

// SGLang told to run attention on its Triton kernels: the estimate times the default kernels,
// so the ranges reach what the runs measured with Triton's came to (tritonAttentionSlowdown).

const { catalog } = loadCatalog(BUNDLED_CATALOG);

/** The deployment of a pod running `args` on one GPU of `instance`. */
const onOneGpu = (args: string, instance = 'p6-b200.48xlarge'): AnalyzedDeployment => readOne(pod(args, { instance, gpus: 1 }), catalog);

const ON_B200 =
  "up to 2.2× slower than this figure (tritonAttentionSlowdown): SGLang runs attention on its Triton kernels (--attention-backend triton), and the estimate times it as the default kernels run it; SGLang's cookbook runs of GLM-4.7-Flash on one B200 with them came out 1.25–2.16× slower than estimated at 14–91 requests, the more so the longer the contexts in flight";

describe("SGLang's Triton attention kernels", () => {
  it('are read from --attention-backend, with where the value is written', () => {
    const command = 'python3 -m sglang.launch_server --model-path M --attention-backend triton --tp 2';
    assert.equal(parseServingCommand(shellTokens(command)).options.attentionBackend, 'triton');
    const text = pod('python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --attention-backend triton', { instance: 'p6-b200.48xlarge', gpus: 1 });
    const written = readOne(text, catalog).spec.attentionBackend;
    assert.equal(written?.value, 'triton');
    assert.equal(text.slice(written!.span.start, written!.span.end), 'triton');
  });

  it('reach tritonAttentionSlowdown (2.2×) on the slow side of the ranges on an NVIDIA GPU, with the reason; the fast side keeps the family spread', () => {
    const triton = onOneGpu('python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --attention-backend triton').estimate;
    const plain = onOneGpu('python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct').estimate;
    assert.ok(triton?.tpotMs != null && triton.outputTokensPerSecond != null && plain?.tpotMs != null);
    // The same figures: only the range moves.
    assert.equal(triton.tpotMs, plain.tpotMs);
    const spread = 1 + efficiencyFor(DEFAULT_ASSUMPTIONS, 'nvidia-blackwell').uncertainty;
    close(triton.ranges.tpotMs!.high, triton.tpotMs * 2.2, 'TPOT high');
    close(triton.ranges.tpotMs!.low, triton.tpotMs / spread, 'TPOT low');
    close(triton.ranges.outputTokensPerSecond!.low, triton.outputTokensPerSecond / 2.2, 'throughput low');
    close(plain.ranges.tpotMs!.high, plain.tpotMs * spread, 'without the flag: the family spread');
    assert.equal(triton.explain['tpotMs']?.inputs['likely range, slow side'], ON_B200);
    assert.equal(triton.explain['ttftMs']?.inputs['likely range, slow side'], ON_B200);
    assert.equal(plain.explain['tpotMs']?.inputs['likely range, slow side'], undefined);
  });

  it('leave the range alone for another backend, another engine or a chip other than NVIDIA’s', () => {
    const cases: [string, string?][] = [
      ['python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --attention-backend flashinfer'],
      ['vllm serve meta-llama/Llama-3.1-8B-Instruct'],
      ['python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --attention-backend triton', 'standard_nd96isr_mi300x_v5'],
    ];
    for (const [args, instance] of cases) {
      const e = onOneGpu(args, instance).estimate;
      assert.ok(e?.tpotMs != null, args);
      assert.equal(e.explain['tpotMs']?.inputs['likely range, slow side'], undefined, `${args} on ${instance ?? 'a B200'}`);
    }
  });
});

describe('calibration rows run on off-default attention kernels', () => {
  const rows = readCalibrationFile(join(BENCH_DIR, 'calibration-independent.csv'));
  const off = rows.filter(offDefaultAttention);

  it("are SGLang's cookbook runs of GLM-4.7-Flash with --attention-backend triton, never fitted", () => {
    assert.deepEqual([...new Set(off.map((row) => `${row.model} ${row.attention_backend}`))], ['glm-4.7-flash triton']);
    assert.equal(off.length, 5);
    for (const row of off) assert.ok(row.source.includes('--attention-backend triton'), row.source);
    assert.deepEqual(off.filter(fitsOn), []);
    assert.ok(rows.filter((row) => !offDefaultAttention(row)).every((row) => !row.source.includes('--attention-backend')));
  });

  it('came out no slower than tritonAttentionSlowdown says, its slowest within a tenth of it', () => {
    const slowdowns = runCalibration(off, catalog).map((r) => {
      assert.ok(r.ratio !== null);
      // A rate estimated above its measurement, or a time below it: how much slower the run was.
      return r.row.metric.endsWith('_ms') ? 1 / r.ratio : r.ratio;
    });
    const slowest = Math.max(...slowdowns);
    assert.ok(slowest <= DEFAULT_ASSUMPTIONS.tritonAttentionSlowdown && slowest > DEFAULT_ASSUMPTIONS.tritonAttentionSlowdown - 0.1, `slowest ${slowest}`);
  });
});
