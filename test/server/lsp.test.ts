import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  type CompletionList,
  type MarkupContent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import type { FixData } from '../../server/src/lsp/features/diagnostics';
import { COMMANDS, CompareRequest, EstimateDetailsRequest, EstimatesRequest, TrustNotification } from '../../server/src/shared/protocol';
import { caret, LspClient, positionOf, serverForTests } from '../helpers/lspClient';

const CHAT = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata:
  name: chat-70b
spec:
  model:
    id: llama-3.1-70b
    precision: fp8
  hardware:
    instance: p5.48xlarge
    region: us-east-1
  parallelism: { tensor: 8 }
  replicas: 1
  workload: { inputTokens: 1024, outputTokens: 256, concurrency: 64 }
`;

let workspace = '';
let client: LspClient;
let counter = 0;
const uriFor = (name: string): string => pathToFileURL(join(workspace, `${name}-${++counter}.yaml`)).href;

/** The edits a workspace edit makes to one document, checking they are tied to the version the server saw. */
function editsFor(edit: WorkspaceEdit | undefined, uri: string, version: number): TextEdit[] {
  const change = edit?.documentChanges?.find((c) => 'textDocument' in c && c.textDocument.uri === uri);
  assert.ok(change && 'edits' in change, 'a versioned edit of the document');
  assert.equal(change.textDocument.version, version, 'edits carry the version they were computed for');
  return change.edits.filter((e): e is TextEdit => 'range' in e);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((out, e) => out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end)), text);
}

serverForTests('lsp', (started, folder) => {
  client = started;
  workspace = folder;
});

describe('diagnostics', () => {
  it('publishes findings with codes, exact ranges, links and fix data', async () => {
    const uri = uriFor('unknown');
    const text = CHAT.replace('p5.48xlarge', 'p5.48xlarg');
    const [diagnostic, ...rest] = await client.open(uri, text);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic?.code, 'unknown-instance');
    assert.equal(diagnostic?.severity, 1);
    assert.equal(diagnostic?.message, 'Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?');
    assert.deepEqual(diagnostic?.range, { start: { line: 9, character: 14 }, end: { line: 9, character: 24 } });
    assert.match(diagnostic?.codeDescription?.href ?? '', /#finding-codes$/);
    assert.deepEqual((diagnostic?.data as FixData).options.map((o) => o.title), ['Change to "p5.48xlarge"', 'Change to "p5.4xlarge"', 'Change to "p5e.48xlarge"']);
  });

  it('relates a finding to the other field it involves', async () => {
    const uri = uriFor('related');
    const text = CHAT.replace('instance: p5.48xlarge', 'accelerator: h100-sxm\n    count: 8').replace('tensor: 8', 'tensor: 16');
    const diagnostics = await client.open(uri, text);
    const mismatch = diagnostics.find((d) => d.code === 'parallelism-mismatch');
    assert.equal(mismatch?.message, 'tensor × pipeline = 16 × 1 = 16, but a replica has 8 accelerators. The estimate uses tensor 8, the hardware declared.');
    assert.deepEqual(mismatch?.range, { start: { line: 12, character: 25 }, end: { line: 12, character: 27 } });
    assert.deepEqual(mismatch?.relatedInformation?.[0]?.location.range, { start: { line: 10, character: 11 }, end: { line: 10, character: 12 } });
    assert.equal(mismatch?.relatedInformation?.[0]?.message, '8 accelerators per replica');
  });

  it('follows edits: new findings for the new version, none once fixed', async () => {
    const uri = uriFor('edits');
    assert.deepEqual(await client.open(uri, CHAT), []);
    const broken = await client.change(uri, 2, CHAT.replace('fp8', 'fp9'));
    assert.deepEqual(broken.map((d) => d.message), ['spec.model.precision must be one of fp32, bf16, fp16, fp8, int8, int4, fp4, not "fp9".']);
    assert.deepEqual(await client.change(uri, 3, CHAT), []);
  });

  it('applies a quick fix that replaces an unknown name', async () => {
    const uri = uriFor('fix');
    const text = CHAT.replace('p5.48xlarge', 'p5.48xlarg');
    const diagnostics = await client.open(uri, text);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    const preferred = actions?.find((a) => 'isPreferred' in a && a.isPreferred);
    assert.ok(preferred && 'edit' in preferred);
    assert.equal(preferred.title, 'Change to "p5.48xlarge"');
    const fixed = applyEdits(text, editsFor(preferred.edit, uri, 1));
    assert.equal(fixed, CHAT);
    assert.deepEqual(await client.change(uri, 2, fixed), []);
  });

  it('offers the cheapest instance the model fits on when it does not fit', async () => {
    const uri = uriFor('nofit');
    const text = CHAT.replace('llama-3.1-70b', 'llama-3.1-405b').replace('precision: fp8', 'precision: bf16').replace('p5.48xlarge', 'g6.xlarge').replace('tensor: 8', 'tensor: 1');
    const diagnostics = await client.open(uri, text);
    const memory = diagnostics.find((d) => d.code === 'memory-exceeded');
    assert.ok(memory, 'the 405B model does not fit on one L4');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: memory.range, context: { diagnostics: [memory] } });
    const switchAction = actions?.find((a) => a.title.startsWith('Switch to '));
    assert.ok(switchAction && 'edit' in switchAction, 'a switch action is offered');
    const switched = applyEdits(text, editsFor(switchAction.edit, uri, 1));
    const after = await client.change(uri, 2, switched);
    assert.equal(after.filter((d) => d.code === 'memory-exceeded').length, 0, `fits after switching: ${switchAction.title}`);
  });
});

describe('hover', () => {
  async function hoverAt(marked: string): Promise<string> {
    const { text, offset } = caret(marked);
    const uri = uriFor('hover');
    await client.open(uri, text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, offset) });
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
  }

  it('shows an instance card with hardware, price in the declared region, regions and sources', async () => {
    const card = await hoverAt(CHAT.replace('instance: p5.48xlarge', 'instance: p5.4|8xlarge'));
    assert.match(card, /^\*\*p5\.48xlarge\*\* · AWS/);
    assert.match(card, /8× NVIDIA H100 SXM5 80GB · 640 GB accelerator memory/);
    assert.match(card, /\*\*\$55\.04\/h\*\* on-demand in us-east-1 \(as of \d{4}-\d{2}-\d{2}/);
    assert.match(card, /Offered in \d+ regions: us-east-1/);
    assert.match(card, /Sources: \[/);
  });

  it('shows a chip card with memory, bandwidth and dense TFLOPS per precision', async () => {
    const card = await hoverAt(CHAT.replace('instance: p5.48xlarge', 'accelerator: H1|00\n    count: 8'));
    assert.match(card, /\| Memory \| 80 GB HBM3 \|/);
    assert.match(card, /\| Bandwidth \| 3,350 GB\/s \|/);
    assert.match(card, /\| Dense TFLOPS \| fp32 67 · bf16 990 · fp16 990 · fp8 1,979 · int8 1,979 \|/);
    assert.match(card, /\| Interconnect \| NVLink 4 900 GB\/s bidirectional \|/);
  });

  it('shows a model card with the weights at the declared precision', async () => {
    const card = await hoverAt(CHAT.replace('id: llama-3.1-70b', 'id: llama-3.|1-70b'));
    assert.match(card, /^\*\*Llama 3\.1 70B[^*]*\*\* · 70\.6B parameters/);
    assert.match(card, /\| Weights \| 70\.6 GB at fp8 \|/);
    assert.match(card, /\| KV cache \| 320 KiB per token at bf16 \|/);
    assert.match(card, /\| Layers \| 80 · hidden 8,192 \|/);
  });

  it('shows precision and region cards', async () => {
    assert.match(await hoverAt(CHAT.replace('precision: fp8', 'precision: f|p8')), /NVIDIA H100 SXM5 80GB runs fp8 natively: 1,979 TFLOPS dense\./);
    assert.match(await hoverAt(CHAT.replace('region: us-east-1', 'region: us-ea|st-1')), /p5\.48xlarge is offered here\./);
  });

  it('shows the estimate with ranges and limiting bounds on the deployment name', async () => {
    const card = await hoverAt(CHAT.replace('name: chat-70b', 'name: chat|-70b'));
    assert.match(card, /- \*\*Time to first token\*\*: ≈ [\d.,]+ ms \(likely [\d.,]+–[\d.,]+ ms\)/);
    // 70B on 8 H100 at 64 sequences: streaming each chip's share of the weights and cache outlasts a step's fixed costs (0.78 ms + 80 layers × 20 µs).
    assert.match(card, /- \*\*Limited by\*\*: prefill — [a-z ()-]+; decode — memory bandwidth\n/);
    assert.match(card, /\*\*tpotMs\*\* = /);
  });

  it('answers null away from known values', async () => {
    assert.equal(await hoverAt(CHAT.replace('replicas: 1', 'replicas|: 1')), '');
  });
});

describe('code lenses and inlay hints', () => {
  it('puts cost, speed, memory and compare lenses on the deployment name', async () => {
    const uri = uriFor('lens');
    await client.open(uri, CHAT);
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(lenses.length, 4);
    assert.match(titles[0]!, /^\$55\.04\/h · ≈ \$[\d.]+ \/ 1M output tokens$/);
    assert.match(titles[1]!, /^TTFT ≈ [\d.]+ ms · ≈ [\d.]+ tok\/s per user · ≈ [\d,]+ tok\/s total$/);
    assert.match(titles[2]!, /^fits: [\d.]+ of 576 GB · 70\.6 GB weights \+ [\d.]+ GB KV cache of 64 sequences$/);
    assert.equal(titles[3], 'Compare hardware…');
    assert.deepEqual(lenses[0]?.range.start, { line: 3, character: 8 });
    assert.equal(lenses[3]?.command?.command, COMMANDS.compareHardware);
    assert.equal(lenses[0]?.command?.command, COMMANDS.showEstimateDetails);
  });

  it('adds hints after the instance, the model and the replicas', async () => {
    const uri = uriFor('hints');
    await client.open(uri, CHAT);
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } })) ?? [];
    assert.deepEqual(
      hints.map((h) => [h.position, h.label]),
      [
        [{ line: 9, character: 25 }, '8× H100 SXM · 640 GB'],
        [{ line: 6, character: 21 }, '70.6B · 71 GB @ fp8'],
        [{ line: 12, character: 13 }, '$55.04/h'],
      ],
    );
  });
});

describe('completion', () => {
  async function complete(marked: string): Promise<CompletionList> {
    const { text, offset } = caret(marked);
    const uri = uriFor('complete');
    await client.open(uri, text);
    return (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, offset) })) as CompletionList;
  }

  it('offers instances, each with its hardware and price, replacing the partial word', async () => {
    const list = await complete(CHAT.replace('instance: p5.48xlarge', 'instance: p5.|'));
    const p5 = list.items.find((i) => i.label === 'p5.48xlarge');
    assert.equal(p5?.detail, '8× H100 SXM · 640 GB · $55.04/h us-east-1');
    assert.deepEqual((p5?.textEdit as TextEdit | undefined)?.range, { start: { line: 9, character: 14 }, end: { line: 9, character: 17 } });
  });

  it('offers only the regions the declared instance is offered in', async () => {
    const list = await complete(CHAT.replace('region: us-east-1', 'region: |'));
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('us-east-1'));
    assert.ok(!labels.includes('us-central1'), 'a GCP region is not offered for p5');
  });

  it('offers precisions with the chip’s native ones first', async () => {
    const list = await complete(CHAT.replace('precision: fp8', 'precision: |'));
    const fp4 = list.items.find((i) => i.label === 'fp4');
    assert.equal(fp4?.detail, 'not native on H100 SXM');
    assert.equal(list.items.find((i) => i.label === 'fp8')?.detail, 'native on H100 SXM: 1,979 TFLOPS');
  });

  it('offers the schema’s field names not yet written', async () => {
    const list = await complete(CHAT.replace('    region: us-east-1\n', '    region: us-east-1\n    |\n'));
    assert.deepEqual(list.items.map((i) => i.label).sort(), ['accelerator', 'count', 'pricing']);
  });
});

describe('outline and custom requests', () => {
  const two = `${CHAT}---\n${CHAT.replace('chat-70b', 'chat-8b').replace('llama-3.1-70b', 'llama-3.1-8b')}`;

  it('lists deployments as symbols', async () => {
    const uri = uriFor('symbols');
    await client.open(uri, two);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? [];
    assert.deepEqual(symbols.map((s) => s.name), ['chat-70b', 'chat-8b']);
  });

  it('estimates every deployment of a document', async () => {
    const uri = uriFor('estimates');
    await client.open(uri, two);
    const result = await client.connection.sendRequest(EstimatesRequest, { uri });
    assert.ok(result);
    assert.deepEqual(result.deployments.map((d) => [d.name, d.model, d.hardware, d.costPerHour]), [
      ['chat-70b', 'llama-3.1-70b', 'p5.48xlarge', 55.04],
      ['chat-8b', 'llama-3.1-8b', 'p5.48xlarge', 55.04],
    ]);
  });

  it('compares hardware: fitting options first, cheapest per token first, with API offers', async () => {
    const uri = uriFor('compare');
    await client.open(uri, CHAT);
    const result = await client.connection.sendRequest(CompareRequest, { uri, offset: CHAT.indexOf('chat-70b') });
    assert.ok(result);
    assert.equal(result.model, 'llama-3.1-70b');
    assert.ok(result.hardware.length > 5);
    const fitting = result.hardware.filter((h) => h.fits);
    assert.ok(fitting.length > 0);
    const costs = fitting.map((h) => h.costPerMillionOutputTokens ?? Infinity);
    assert.deepEqual(costs, [...costs].sort((a, b) => a - b));
    assert.ok(result.hardware.every((h) => h.region === 'us-east-1'));
    assert.ok(result.serverless.length > 0);
  });

  it('explains an estimate on request', async () => {
    const uri = uriFor('details');
    await client.open(uri, CHAT);
    const result = await client.connection.sendRequest(EstimateDetailsRequest, { uri, offset: 10 });
    assert.ok(result);
    assert.match(result.markdown, /^\*\*chat-70b\*\* — estimate/);
  });
});

describe('settings and catalog', () => {
  it('refreshes estimates when settings change', async () => {
    const uri = uriFor('settings');
    await client.open(uri, CHAT.replace('    region: us-east-1\n', ''));
    const lensTitles = async (): Promise<string[]> =>
      ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []).map((l) => l.command?.title ?? '');
    const perToken = (titles: string[]): number => Number(/≈ \$([\d.]+) \/ 1M/.exec(titles[0] ?? '')?.[1]);
    const before = perToken(await lensTitles());
    client.configuration = { utilization: 0.5 };
    const republished = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await republished;
    const after = perToken(await lensTitles());
    assert.ok(Math.abs(after / before - 2) < 0.05, `half the utilization doubles cost per token: ${before} → ${after}`);
    client.configuration = {};
    const reset = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await reset;
  });

  it('reads the workspace catalog file and reports a malformed one without crashing', async () => {
    mkdirSync(join(workspace, '.inference-lens'), { recursive: true });
    writeFileSync(
      join(workspace, '.inference-lens', 'catalog.yaml'),
      'instances:\n  - id: p5.48xlarge\n    prices:\n      - { region: us-east-1, pricing: on-demand, usdPerHour: 30, asOf: "2026-11-01", source: "https://example.com/contract" }\n',
    );
    const uri = uriFor('override');
    await client.open(uri, CHAT);
    const reloaded = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await reloaded;
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.match(lenses[0]?.command?.title ?? '', /^\$30\/h/);
    rmSync(join(workspace, '.inference-lens'), { recursive: true });
    const restored = client.nextDiagnostics(uri, 1);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await restored;
  });
});

describe('responsiveness', () => {
  it('answers a hover on another file while a long file is still being checked', async () => {
    const healthy = uriFor('small');
    await client.open(healthy, CHAT);
    const big = uriFor('big');
    // Distinct documents, so none is answered from the cache: about 1,500 of them to check.
    const text = Array.from({ length: 1500 }, (_, i) => CHAT.replace('chat-70b', `chat-${i}`)).join('---\n');
    const order: string[] = [];
    const checked = client.nextDiagnostics(big, 1).then(() => order.push('long file checked'));
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: big, languageId: 'yaml', version: 1, text } });
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: healthy }, position: { line: 9, character: 16 } });
    order.push('hover answered');
    assert.match((hover?.contents as MarkupContent).value, /p5\.48xlarge/);
    await checked;
    assert.deepEqual(order, ['hover answered', 'long file checked']);
  });
});

describe('untrusted workspaces', () => {
  it('ignore the workspace catalog until trusted, then read it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'inference-lens-untrusted-'));
    mkdirSync(join(root, '.inference-lens'));
    writeFileSync(
      join(root, '.inference-lens', 'catalog.yaml'),
      'instances:\n  - id: p5.48xlarge\n    prices:\n      - { region: us-east-1, pricing: on-demand, usdPerHour: 1, asOf: "2026-11-01", source: "https://example.com/hostile" }\n',
    );
    const untrusted = new LspClient();
    try {
      await untrusted.initialize(pathToFileURL(root).href, {}, { trusted: false });
      const uri = pathToFileURL(join(root, 'chat.yaml')).href;
      await untrusted.open(uri, CHAT);
      const title = async (): Promise<string> => ((await untrusted.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [])[0]?.command?.title ?? '';
      assert.match(await title(), /^\$55\.04\/h/);
      const republished = untrusted.nextDiagnostics(uri, 1);
      await untrusted.connection.sendNotification(TrustNotification, { trusted: true });
      await republished;
      assert.match(await title(), /^\$1\/h/);
    } finally {
      await untrusted.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('hostile input', () => {
  const bomb = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'a: &a [x, x, x, x, x, x, x, x, x, x]']
    .concat(Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`))
    .join('\n');
  const cases: Record<string, string> = {
    'malformed YAML': 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec: { model: [\n',
    'alias bomb': bomb,
    'binary junk': 'kind: InferenceDeployment\n' + String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65535)),
    'deep nesting': `apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'absurd numbers': CHAT.replace('replicas: 1', 'replicas: 1e309').replace('inputTokens: 1024', 'inputTokens: -1'),
    '10 MB file': `${CHAT}---\n`.repeat(Math.ceil(10_000_000 / (CHAT.length + 4))),
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`stays alive and answering after ${name}`, async () => {
      const uri = uriFor(name.replace(/\W+/g, '-'));
      const diagnostics = await client.open(uri, text);
      assert.ok(Array.isArray(diagnostics));
      if (name === '10 MB file') assert.deepEqual(diagnostics.map((d) => d.code), ['file-too-large']);
      await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      const healthy = uriFor('healthy');
      await client.open(healthy, CHAT);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: healthy }, position: { line: 9, character: 16 } });
      assert.match((hover?.contents as MarkupContent).value, /p5\.48xlarge/);
    });
  }
});
