import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeLensRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf, serverForTests } from '../helpers/lspClient';
import { REPO_ROOT } from '../helpers/fixtures';

// What a user sees of a disaggregated deployment: both pools' lenses with the combined
// figures, and the details that explain the KV transfer and the replica ratio.

let workspace = '';
let client: LspClient;

serverForTests('disaggregated', (started, folder) => {
  client = started;
  workspace = folder;
});

async function lenses(uri: string): Promise<{ line: number; title: string }[]> {
  const result = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  return result.map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '' }));
}

const DYNAMO = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'real-world', 'NVIDIA__nim-deploy__dynamo-disagg-planner-llama31-8b-fp8.yaml'), 'utf8');

describe('a Dynamo disaggregated deployment (NVIDIA nim-deploy, Llama 3.1 8B FP8)', () => {
  // The real file asks for one GPU per worker and leaves the node to the cluster: pinned here to
  // p5.48xlarge (8 × H100, 3,200 Gbps EFA) by a nodeSelector in each worker's pod spec.
  const text = DYNAMO.replaceAll(
    '      extraPodSpec:\n        mainContainer:\n          image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.8.0\n          workingDir: /workspace/examples',
    '      extraPodSpec:\n        nodeSelector:\n          node.kubernetes.io/instance-type: p5.48xlarge\n        mainContainer:\n          image: nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.8.0\n          workingDir: /workspace/examples',
  );

  const uri = pathToFileURL(join(workspace, 'dynamo.yaml')).href;
  const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

  it('both pools show TTFT with the KV transfer, the limiting pool and the suggested ratio, naming the other pool', async () => {
    assert.equal(text.split('instance-type: p5.48xlarge').length, 3, 'both workers pinned');
    const diagnostics = await client.open(uri, text);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'pool-phase-only'), [], 'both pools are in the file');
    const all = await lenses(uri);
    const decode = all.filter((l) => l.line === lineOf('VllmDecodeWorker:')).map((l) => l.title);
    const prefill = all.filter((l) => l.line === lineOf('VllmPrefillWorker:')).map((l) => l.title);
    assert.equal(decode.length, 5);
    // One H100 of a p5.48xlarge ($55.04/h on demand in us-east-1, the cheapest) per pool: 2 × $6.88.
    assert.match(decode[0]!, /^\$13\.76\/h both pools · ≈ \$[\d.]+ \/ 1M output tokens$/);
    // KV of 1,024 prompt tokens: 32 layers × 8 KV heads × 128 × 2 (K, V) × 2 B (bf16) = 131,072 B/token → 134.2 MB;
    // an eighth of 3,200 Gbps EFA = 400 Gbps × 0.5 (kvTransferEfficiency) = 25 GB/s → 5.369 ms + 20 µs = 5.39 ms.
    const speed = /^with vllm-disagg-planner\/VllmPrefillWorker: TTFT ≈ ([\d.]+) ms \(prefill ([\d.]+) \+ KV transfer 5\.39 ms\) · TPOT ≈ ([\d.]+) ms at ([\d,]+) sequences$/.exec(decode[1]!);
    assert.ok(speed, decode[1]);
    assert.ok(Math.abs(Number(speed[1]) - (Number(speed[2]) + 5.39)) <= 0.1, `TTFT ${speed[1]} = prefill ${speed[2]} + transfer 5.39`);
    const pools = /^(prefill|decode) pool limits: prefill ≈ ([\d.,]+) req\/s · decode ≈ ([\d.,]+) req\/s · suggested prefill:decode (\d+):(\d+)$/.exec(decode[2]!);
    assert.ok(pools, decode[2]);
    const [prefillRate, decodeRate] = [Number(pools[2]!.replace(',', '')), Number(pools[3]!.replace(',', ''))];
    assert.equal(pools[1], prefillRate < decodeRate ? 'prefill' : 'decode', 'the pool with the lower request rate limits');
    // One replica each: the replicas that balance are in the ratio of the rates (within the small-number rounding).
    const suggested = Number(pools[4]) / Number(pools[5]);
    assert.ok(Math.abs(Math.log(suggested / (decodeRate / prefillRate))) < 0.2, `suggested ${pools[4]}:${pools[5]} for rates ${prefillRate}:${decodeRate}`);
    assert.match(decode[3]!, /^fits: /);
    assert.equal(decode[4], 'Compare hardware…');
    // The prefill pool shows the same service, naming the decode pool.
    assert.deepEqual(prefill, [decode[0], decode[1]!.replace('with vllm-disagg-planner/VllmPrefillWorker', 'with vllm-disagg-planner/VllmDecodeWorker'), decode[2], prefill[3], 'Compare hardware…']);
  });

  it('the details explain the transfer and the ratio', async () => {
    const other = pathToFileURL(join(workspace, 'dynamo-details.yaml')).href;
    await client.open(other, text);
    const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: other }, position: positionOf(text, text.indexOf('VllmPrefillWorker:') + 1) });
    const card = (result?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(card, /^- \*\*Disaggregated\*\* \(prefill pool, with vllm-disagg-planner\/VllmDecodeWorker\): TTFT ≈ [\d.]+ ms = prefill [\d.]+ ms \+ KV transfer 5\.39 ms \(134 MB\)/m);
    assert.match(card, /^- network of a prefill replica: 400 Gbps \\\(0\.125 of p5\.48xlarge's 3200 Gbps\\\)$/m);
    assert.match(card, /^- transfer efficiency: 0\.5 \\\(kvTransferEfficiency\\\)$/m);
    assert.match(card, /^- balanced prefill:decode: [\d.]+ : 1, suggested \d+:\d+$/m);
  });

  it('a pool whose other pool is not in the file: an info note that its figures cover only its phase', async () => {
    // The prefill worker alone (as when the decode worker is deployed from another file).
    const alone = text.slice(0, text.indexOf('    VllmDecodeWorker:')) + text.slice(text.indexOf('    VllmPrefillWorker:'));
    const lone = pathToFileURL(join(workspace, 'prefill-only.yaml')).href;
    const diagnostics = await client.open(lone, alone);
    const note = diagnostics.filter((d) => d.code === 'pool-phase-only');
    assert.deepEqual(
      note.map((d) => [d.severity, d.range.start.line, d.message]),
      [
        [
          3,
          alone.slice(0, alone.indexOf('VllmPrefillWorker:')).split('\n').length - 1,
          "vllm-disagg-planner/VllmPrefillWorker is the prefill pool of vllm-disagg-planner, whose decode pool is not in this file: its figures are this pool's alone, as if it served whole requests, so read them for the prefill phase only. Put both pools in one file to estimate them together (KV-cache transfer, the limiting pool, the replica ratio).",
        ],
      ],
    );
    const titles = (await lenses(lone)).map((l) => l.title);
    assert.ok(!titles.some((t) => t.includes('both pools')), 'a lone pool shows its own figures');
  });
});
