import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeLensRequest, HoverRequest, InlayHintRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { REPO_ROOT, pod } from '../helpers/fixtures';
import { LspClient, positionOf, serverForTests } from '../helpers/lspClient';

// What a user sees of the estimate — lenses, hints, hovers and diagnostics — for the
// concurrency, parallelism-unit, fit and system-class cases of the estimator.

let workspace = '';
let client: LspClient;
let counter = 0;
const uriFor = (name: string): string => pathToFileURL(join(workspace, `${name}-${++counter}.yaml`)).href;

function manifest(name: string, spec: string): string {
  return `apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata:\n  name: ${name}\nspec:\n${spec}\n`;
}

async function lensTitles(uri: string): Promise<string[]> {
  return ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []).map((l) => l.command?.title ?? '');
}

async function hover(uri: string, text: string, needle: string): Promise<string> {
  const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, text.indexOf(needle) + 1) });
  return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

serverForTests('estimates', (started, folder) => {
  client = started;
  workspace = folder;
});

const P5 = '  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: p5.48xlarge, region: us-east-1 }\n  parallelism: { tensor: 8 }';

describe('honest concurrency in lenses', () => {
  it('without a declared concurrency: a single-user lens, a capacity lens and the KV cache of the batch at full load', async () => {
    const uri = uriFor('capacity');
    await client.open(uri, manifest('chat', P5));
    const titles = await lensTitles(uri);
    assert.equal(titles.length, 5);
    assert.equal(titles[0], '$55.04/h');
    assert.match(titles[1]!, /^single user: TTFT ≈ [\d.]+ ms · TPOT ≈ [\d.]+ ms \(≈ [\d.]+ tok\/s\)$/);
    assert.match(titles[2]!, /^capacity: ≈ [\d,]+ tok\/s at 1,024 sequences · ≈ \$[\d.]+ \/ 1M output tokens$/);
    assert.match(titles[3]!, /^fits: [\d.]+ of 576 GB · 70\.6 GB weights \+ [\d.]+ GB KV cache of 1,024 sequences$/);
    const kv = Number(/\+ ([\d.]+) GB KV/.exec(titles[3]!)?.[1]);
    assert.ok(kv > 300, `KV cache of 1,024 sequences, not of one: ${kv} GB`);
    assert.equal(titles[4], 'Compare hardware…');
  });

  it('with an SLO: the goodput lens, and no SLO finding at the goodput point', async () => {
    const uri = uriFor('goodput');
    const diagnostics = await client.open(uri, manifest('chat', `${P5}\n  slo: { tpotMs: 50 }`));
    assert.deepEqual(diagnostics.filter((d) => d.code === 'slo-tpot'), []);
    const titles = await lensTitles(uri);
    assert.match(titles[2]!, /^goodput \(TPOT ≤ 50 ms\): [\d,]+ sequences · ≈ [\d,]+ tok\/s · ≈ \$[\d.]+ \/ 1M output tokens$/);
    const sequences = /: ([\d,]+) sequences/.exec(titles[2]!)?.[1];
    assert.match(titles[3]!, new RegExp(`KV cache of ${sequences} sequences$`), 'the memory line counts the goodput batch');
  });
});

describe('parallelism units in diagnostics, hints, lenses and hovers', () => {
  it('tensor 32 on trn1.32xlarge: a finding naming NeuronCores; the hint, the cost lens and the hover all say one instance of 16 chips', async () => {
    const uri = uriFor('trn1');
    const text = manifest('neuron', '  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { instance: trn1.32xlarge, region: us-east-1 }\n  parallelism: { tensor: 32 }');
    const diagnostics = await client.open(uri, text);
    const mismatch = diagnostics.find((d) => d.code === 'parallelism-mismatch');
    assert.equal(
      mismatch?.message,
      'tensor 32 counts NeuronCores: trn1.32xlarge has 16 Trainium chips = 32 NeuronCores. Parallelism here counts chips, so the estimate uses tensor 16 on the hardware declared.',
    );
    assert.deepEqual(mismatch?.range, { start: positionOf(text, text.indexOf('32 }')), end: positionOf(text, text.indexOf('32 }') + 2) });
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })) ?? [];
    // Expected figures from the catalog: 16 chips of one instance, at its price.
    const catalog = loadCatalog(BUNDLED_CATALOG).catalog;
    const trn1 = catalog.instance('trn1.32xlarge');
    const usable = 16 * (catalog.chip('trainium')?.memoryGB ?? NaN) * 0.9;
    assert.equal(hints[0]?.label, `16× Trainium · ${Math.round(trn1?.acceleratorMemoryGB ?? NaN)} GB`);
    const titles = await lensTitles(uri);
    assert.equal(titles[0], `$${trn1?.prices?.find((p) => p.region === 'us-east-1' && p.pricing === 'on-demand')?.usdPerHour}/h`);
    assert.match(titles[3]!, new RegExp(`of ${Math.round(usable)} GB · `), '16 chips × memory × 0.9');
    const card = await hover(uri, text, 'neuron');
    assert.match(card, /- \*\*Parallelism\*\*: tensor 16 × pipeline 1 chips, the hardware declared \(declared 32 NeuronCores\)/);
    assert.match(card, /- \*\*Cost per hour\*\*: \$[\d.]+\n/);
  });
});

describe('fit and system classes in lenses', () => {
  it('70B on an A10G: does not fit, though the A10G publishes no bandwidth', async () => {
    const uri = uriFor('a10g');
    const diagnostics = await client.open(uri, manifest('small', '  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { instance: g5.xlarge, region: us-east-1 }'));
    assert.ok(diagnostics.some((d) => d.code === 'memory-exceeded'));
    assert.ok(!diagnostics.some((d) => d.message.includes('no published memory capacity')));
    const titles = await lensTitles(uri);
    assert.match(titles[1]!, /^does not fit: needs 142 of 21\.6 GB · 141 GB weights \+ [\d.]+ GB KV cache of 1 sequence$/);
  });

  it('Cerebras WSE-3 over four systems: one user’s speed and the fit; TTFT and capacity unknown, with the reason', async () => {
    const uri = uriFor('wse');
    await client.open(uri, manifest('wafer', '  model: { id: llama-3.1-70b, precision: bf16 }\n  hardware: { accelerator: wse-3, count: 4 }\n  parallelism: { tensor: 1, pipeline: 4 }'));
    const titles = await lensTitles(uri);
    assert.equal(titles[0], 'cost unknown: a bare accelerator has no price: declare an instance');
    assert.match(titles[1]!, /^single user: TTFT unknown · TPOT ≈ [\d.]+ ms \(≈ [\d,]+ tok\/s\)$/);
    assert.equal(titles[2], 'capacity unknown: Cerebras Wafer-Scale Engine 3 (WSE-3, CS-3) has no published dense peak TFLOPS');
    assert.match(titles[3]!, /^fits: [\d.]+ of 158 GB · 141 GB weights/);
  });
});

describe('interconnect in the estimate details', () => {
  // The repository's LeaderWorkerSet example: two p5.48xlarge nodes per replica.
  const LWS = readFileSync(join(REPO_ROOT, 'examples', 'real-world', 'lws-multinode.yaml'), 'utf8');

  it('tensor parallelism over two p5 nodes pays the instance network (EFA), and is slower than pipelining across them', async () => {
    const tp16 = LWS.replace('--tensor-parallel-size 8', '--tensor-parallel-size 16').replace('--pipeline-parallel-size 2', '--pipeline-parallel-size 1');
    const uri = uriFor('tp16');
    await client.open(uri, tp16);
    const card = await hover(uri, tp16, 'llama-70b-multinode');
    assert.match(card, /- crosses nodes: tensor group of 16 over nodes of 8\n/);
    assert.match(card, /- network: p5\.48xlarge network, 35 GB\/s effective each way per chip, 20 µs per step\n/);
    const pp = LWS;
    const ppUri = uriFor('pp2');
    await client.open(ppUri, pp);
    const ppCard = await hover(ppUri, pp, 'llama-70b-multinode');
    assert.match(ppCard, /- crosses nodes: 1 pipeline hop\n/);
    const ttft = (markdown: string): number => Number(/\*\*Time to first token\*\*: ≈ ([\d.,]+) ms/.exec(markdown)?.[1]?.replace(',', ''));
    assert.ok(ttft(card) > ttft(ppCard), `TP 16 over EFA (${ttft(card)} ms) is slower to first token than TP 8 × PP 2 (${ttft(ppCard)} ms)`);
  });

  it('tensor parallelism on PCIe cards pays PCIe, named as an assumption', async () => {
    const uri = uriFor('pcie');
    const text = manifest('pcie', '  model: { id: llama-3.1-70b, precision: fp8 }\n  hardware: { instance: g6e.12xlarge, region: us-east-1 }\n  parallelism: { tensor: 4 }\n  workload: { concurrency: 16 }');
    await client.open(uri, text);
    const card = await hover(uri, text, 'pcie');
    assert.match(card, /- chip link: PCIe, [\d.]+ GB\/s effective each way per chip — assumed: L40S has no published chip-to-chip link: PCIe at 32 GB\/s each way \\\(pcieLinkGBps\\\)\n/);
  });
});

describe('data parallelism in diagnostics, lenses and hovers', () => {
  it('attention data parallelism with the experts split over 8 H200 (the example): each step waits for the engine with the most new prompts, said in the hover', async () => {
    const text = readFileSync(join(REPO_ROOT, 'examples', 'deepseek-r1-h200-dp-ep.yaml'), 'utf8');
    const uri = uriFor('dp-ep');
    await client.open(uri, text);
    const card = await hover(uri, text, 'deepseek-r1-dp-ep');
    // 256 sequences over 8 engines, 1,024 output tokens: 32 ÷ 1,024 = 0.0313 new prompts per engine a step; the
    // busiest of 8 takes E[max of 8 Poisson(0.03125)] = 0.225 (summed independently).
    assert.match(card, /^- prefills per step, busiest engine: 0\.225 new prompts on the busiest of 8 engines, against 0\.0313 per engine .*the engines exchange tokens at every MoE layer, so each step waits for the one prefilling most, for the [\d.]+ ms of each prefill it runs alone .*; the routed experts' [\d.]+ ms are spread over all engines$/m);
    assert.match(card, /^- sequences in flight: 32$/m);
  });

  it('vllm serve with tensor 2 × 4 engines on p5.48xlarge: no idle warning; the hover names the engines; the capacity lens counts all four', async () => {
    const uri = uriFor('data-parallel');
    const text = pod('vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 2 --data-parallel-size 4', { name: 'llama-dp', instance: 'p5.48xlarge' });
    const diagnostics = await client.open(uri, text);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'parallelism-mismatch'), []);
    const card = await hover(uri, text, 'llama-dp');
    assert.match(card, /\n- \*\*Parallelism\*\*: 4 data-parallel engines of tensor 2 × pipeline 1 chips each\n/);
    assert.match(card, /\n- data-parallel engines per replica: 4\n/);
    const sequences = Number(/\*\*Sequences in flight\*\*: ([\d,]+) per replica \([^)]*, over 4 data-parallel engines\)/.exec(card)?.[1]?.replaceAll(',', ''));
    assert.equal(sequences % 4, 0, card);
    const capacity = (await lensTitles(uri)).find((t) => t.startsWith('capacity:'));
    assert.match(capacity ?? '', new RegExp(`at ${sequences.toLocaleString('en-US')} sequences`));
  });
});

describe("SGLang's Triton attention in hovers", () => {
  it('--attention-backend triton on a B200: the range reaches 2.2× slower, and the card says why', async () => {
    const uri = uriFor('triton');
    const text = pod('python3 -m sglang.launch_server --model-path meta-llama/Llama-3.1-8B-Instruct --attention-backend triton', { name: 'llama-triton', instance: 'p6-b200.48xlarge', gpus: 1 });
    await client.open(uri, text);
    const card = await hover(uri, text, 'llama-triton');
    // Under the TTFT, the TPOT and the throughput (Markdown escapes the parentheses).
    const why = card.match(/^- likely range, slow side: up to 2\.2× slower than this figure \\\(tritonAttentionSlowdown\\\): SGLang runs attention on its Triton kernels \\\(--attention-backend triton\\\)/gm);
    assert.equal(why?.length, 3, card);
    const tpot = /^- \*\*Time per output token\*\*: ≈ ([\d.]+) ms \(likely ([\d.]+)–([\d.]+) ms\)$/m.exec(card);
    assert.ok(tpot, card);
    const [value, low, high] = [Number(tpot[1]), Number(tpot[2]), Number(tpot[3])];
    // The slow side at 2.2×, the fast side at Blackwell's ±35%: each within the card's rounding.
    assert.ok(Math.abs(high / value - 2.2) < 0.02 && Math.abs(value / low - 1.35) < 0.02, `${value} ms, likely ${low}–${high} ms`);
  });
});

describe("an engine's own batch limit in lenses and hovers", () => {
  /** A Deployment running `vllm serve` for Llama 3.2 1B on one GPU of `instance`, with `flags` after the model. */
  const vllmPod = (name: string, instance: string, flags = ''): string =>
    pod(`vllm serve meta-llama/Llama-3.2-1B-Instruct${flags}`, { name, instance, gpus: 1 });

  async function capacityAndSequences(name: string, text: string): Promise<{ capacity: string; sequences: string }> {
    const uri = uriFor(name);
    await client.open(uri, text);
    const capacity = (await lensTitles(uri)).find((t) => t.startsWith('capacity:')) ?? '';
    const sequences = /\n- \*\*Sequences in flight\*\*: ([^\n]*)\n/.exec(await hover(uri, text, name))?.[1] ?? '';
    return { capacity, sequences };
  }

  it("vllm serve on an A100 without --max-num-seqs: vLLM's default of 256, named, though memory holds far more", async () => {
    const { capacity, sequences } = await capacityAndSequences('small-a100', vllmPod('small-a100', 'p4de.24xlarge'));
    assert.match(capacity, /^capacity: ≈ [\d,]+ tok\/s at 256 sequences · ≈ \$[\d.]+ \/ 1M output tokens$/);
    assert.equal(sequences, "256 per replica (the engine’s batch limit of 256, vLLM's default --max-num-seqs on an A100; no concurrency declared)");
  });

  it('the same on an H100 (70 GiB or more): vLLM raises its default to 1,024', async () => {
    const { capacity, sequences } = await capacityAndSequences('small-h100', vllmPod('small-h100', 'p5.48xlarge'));
    assert.match(capacity, /at 1,024 sequences/);
    assert.equal(sequences, "1,024 per replica (the engine’s batch limit of 1,024, vLLM's default --max-num-seqs on a GPU with 70 GiB or more; no concurrency declared)");
  });

  it('--max-num-seqs written in the command is the limit, said as the manifest’s', async () => {
    const { capacity, sequences } = await capacityAndSequences('small-capped', vllmPod('small-capped', 'p4de.24xlarge', ' --max-num-seqs 64'));
    assert.match(capacity, /at 64 sequences/);
    assert.equal(sequences, '64 per replica (the engine’s batch limit of 64, as the manifest sets it; no concurrency declared)');
  });

  it('an InferenceDeployment names no engine: the limit is the maxBatchSequences assumption, said so', async () => {
    const text = manifest('small-native', '  model: { id: llama-3.2-1b }\n  hardware: { instance: p4de.24xlarge, region: us-east-1 }\n  parallelism: { tensor: 8 }');
    const { capacity, sequences } = await capacityAndSequences('small-native', text);
    assert.match(capacity, /at 1,024 sequences/);
    assert.equal(sequences, '1,024 per replica (the engine’s batch limit of 1,024, assumed (maxBatchSequences): the engine’s own limit is not known here; no concurrency declared)');
  });
});
