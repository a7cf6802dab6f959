import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import type { ServingEngine } from '../../server/src/core/manifest/deployment';
import { batchLimitOf } from '../../server/src/core/resolve/batchLimit';

const { catalog } = loadCatalog(BUNDLED_CATALOG);
const ASSUMED = 'the maxBatchSequences assumption';
/** The limit as `sequences: origin`, or the assumption's marker when none is known and `maxBatchSequences` applies. */
const limit = (chip: string, engine: ServingEngine | undefined, declared?: number, ranks = 1): string => {
  const known = batchLimitOf(declared, engine, catalog.chip(chip)!, ranks);
  return known ? `${known.sequences}: ${known.origin}` : ASSUMED;
};

describe("an engine's batch limit", () => {
  it("is vLLM's default on GPUs: 1,024 from 70 GiB up, 256 below it and on every A100", () => {
    assert.equal(limit('h100-sxm', 'vllm'), "1024: vLLM's default --max-num-seqs on a GPU with 70 GiB or more");
    assert.equal(limit('mi300x', 'vllm'), "1024: vLLM's default --max-num-seqs on a GPU with 70 GiB or more");
    // The H100 PCIe's 80 GB is 74.5 GiB; the L40S's 48 GB and the L4's 24 GB are under 70 GiB.
    assert.equal(limit('h100-pcie', 'vllm'), "1024: vLLM's default --max-num-seqs on a GPU with 70 GiB or more");
    assert.equal(limit('l40s', 'vllm'), "256: vLLM's default --max-num-seqs on a GPU under 70 GiB");
    assert.equal(limit('l4', 'vllm'), "256: vLLM's default --max-num-seqs on a GPU under 70 GiB");
    assert.equal(limit('a100-80gb', 'vllm'), "256: vLLM's default --max-num-seqs on an A100");
    assert.equal(limit('a100-40gb', 'vllm'), "256: vLLM's default --max-num-seqs on an A100");
  });

  it("is vLLM's CPU default of 128 per tensor × pipeline rank on a CPU", () => {
    assert.equal(limit('graviton4', 'vllm', undefined, 2), "256: vLLM's default --max-num-seqs on a CPU (128 per tensor × pipeline rank)");
  });

  it('is the manifest’s own value whenever written, whatever the engine', () => {
    assert.equal(limit('a100-80gb', 'vllm', 48), '48: as the manifest sets it');
    assert.equal(limit('h100-sxm', 'trtllm', 2048), '2048: as the manifest sets it');
  });

  it('is shared by SGLang\'s data-parallel attention ranks: each schedules its share of the server\'s cap', () => {
    assert.equal(batchLimitOf(512, 'sglang', catalog.chip('h200')!, 1, 8)?.sequences, 64);
    assert.equal(batchLimitOf(512, 'sglang', catalog.chip('h200')!, 1, 8)?.origin, 'as the manifest sets it: 512 shared by 8 data-parallel attention ranks, 64 each');
    assert.equal(batchLimitOf(4, 'sglang', catalog.chip('h200')!, 1, 8)?.sequences, 1, 'never below one sequence a rank');
  });

  it('is the assumption where the default is not known here: other engines, no engine, and platforms whose vLLM plugin sets its own', () => {
    assert.equal(limit('a100-80gb', 'sglang'), ASSUMED);
    assert.equal(limit('a100-80gb', 'trtllm'), ASSUMED);
    assert.equal(limit('a100-80gb', undefined), ASSUMED);
    assert.equal(limit('tpu-v6e', 'vllm'), ASSUMED);
    assert.equal(limit('gaudi3', 'vllm'), ASSUMED);
  });
});
