// The language features through VS Code's own command API: the real language client,
// the real server process and the editor's provider registry. Expected messages, ranges
// and titles are the ones the server defines (test/server/lsp.test.ts); the fixtures in
// test/e2e/workspace/ have the same text as that test's CHAT manifest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  codeLenses,
  codeOf,
  hintLabel,
  hoverText,
  openFixture,
  openUntitled,
  ourDiagnostics,
  positionOf,
  revertAndCloseAll,
  waitForDiagnostics,
  waitForLenses,
} from './helpers';

const LENS_TITLES = [
  /^\$55\.04\/h · ≈ \$[\d.]+ \/ 1M output tokens$/,
  /^TTFT ≈ [\d.]+ ms · ≈ [\d.]+ tok\/s per user · ≈ [\d,]+ tok\/s total$/,
  /^fits: [\d.]+ of 576 GB · 70\.6 GB weights \+ [\d.]+ GB KV cache of 64 sequences$/,
  /^Compare hardware…$/,
];

/** Waits until the server analyzed a manifest with a priced deployment. */
const priced = (titles: string[]): boolean => titles.length === 4 && /^\$[\d.]+\/h/.test(titles[0] ?? '');

describe('language features', () => {
  let chat: vscode.TextDocument;

  before(async () => {
    chat = await openFixture('chat-70b.yaml');
    // The first request also waits for the extension to activate and the server to start.
    await waitForLenses(chat.uri, priced, 'the server to answer with lenses');
  });

  after(revertAndCloseAll);

  describe('diagnostics', () => {
    it('publishes an unknown instance with its message, exact range and documentation link', async () => {
      const broken = await openFixture('broken.yaml');
      const [diagnostic, ...rest] = await waitForDiagnostics(broken.uri, (d) => d.length > 0);
      assert.deepEqual(rest, []);
      assert.ok(diagnostic);
      assert.equal(codeOf(diagnostic), 'unknown-instance');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostic.source, 'inference-lens');
      assert.equal(diagnostic.message, 'Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?');
      assert.deepEqual(
        [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
        [9, 14, 9, 24],
      );
      const code = diagnostic.code;
      assert.ok(typeof code === 'object' && /#finding-codes$/.test(code.target.toString()), 'the code links to the finding codes');
    });

    it('publishes nothing for a valid manifest', () => {
      assert.deepEqual(ourDiagnostics(chat.uri), []);
    });

    it('fixes an unknown instance with the preferred quick fix', async () => {
      const broken = await openFixture('broken.yaml');
      const [diagnostic] = await waitForDiagnostics(broken.uri, (d) => d.length > 0);
      assert.ok(diagnostic);
      const actions =
        (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>('vscode.executeCodeActionProvider', broken.uri, diagnostic.range)) ?? [];
      const fix = actions.find((a): a is vscode.CodeAction => a.title === 'Change to "p5.48xlarge"' && 'edit' in a);
      assert.ok(fix, `a fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.edit);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(broken.getText(), chat.getText());
      await waitForDiagnostics(broken.uri, (d) => d.length === 0, 'the fixed document to be clean');
    });
  });

  describe('hover', () => {
    it('shows the instance card: hardware, price in the declared region, regions, sources', async () => {
      const card = await hoverText(chat.uri, positionOf(chat, 'p5.48xlarge', 4));
      assert.match(card, /^\*\*p5\.48xlarge\*\* · AWS/m);
      assert.match(card, /8× NVIDIA H100 SXM5 80GB · 640 GB accelerator memory/);
      assert.match(card, /\*\*\$55\.04\/h\*\* on-demand in us-east-1 \(as of \d{4}-\d{2}-\d{2}/);
      assert.match(card, /Offered in \d+ regions: us-east-1/);
      assert.match(card, /Sources: \[/);
    });

    it('shows the model card with the weights at the declared precision', async () => {
      const card = await hoverText(chat.uri, positionOf(chat, 'llama-3.1-70b', 3));
      assert.match(card, /^\*\*Llama 3\.1 70B[^*]*\*\* · 70\.6B parameters/m);
      assert.match(card, /\| Weights \| 70\.6 GB at fp8 \|/);
    });

    it('shows the estimate with ranges and limiting bounds on the deployment name', async () => {
      const card = await hoverText(chat.uri, positionOf(chat, 'chat-70b', 3));
      assert.match(card, /- \*\*Time to first token\*\*: ≈ [\d.,]+ ms \(likely [\d.,]+–[\d.,]+ ms\)/);
      assert.match(card, /- \*\*Limited by\*\*: prefill — [a-z ()-]+; decode — memory bandwidth\n/);
    });

    it('answers nothing away from known values', async () => {
      assert.equal(await hoverText(chat.uri, positionOf(chat, 'replicas', 3)), '');
    });
  });

  describe('code lenses and inlay hints', () => {
    it('puts cost, speed, memory and compare lenses on the deployment name', async () => {
      const lenses = await codeLenses(chat.uri);
      assert.equal(lenses.length, 4);
      lenses.forEach((lens, i) => assert.match(lens.command?.title ?? '', LENS_TITLES[i]!));
      assert.deepEqual([lenses[0]?.range.start.line, lenses[0]?.range.start.character], [3, 8]);
      assert.equal(lenses[0]?.command?.command, 'inferenceLens.showEstimateDetails');
      assert.equal(lenses[3]?.command?.command, 'inferenceLens.compareHardware');
      assert.deepEqual(lenses[3]?.command?.arguments, [chat.uri.toString(), chat.offsetAt(new vscode.Position(3, 8))]);
    });

    it('adds hints after the instance, the model and the replicas', async () => {
      const hints =
        (await vscode.commands.executeCommand<vscode.InlayHint[] | undefined>('vscode.executeInlayHintProvider', chat.uri, new vscode.Range(0, 0, 20, 0))) ?? [];
      const seen = hints
        .map((h) => [h.position.line, h.position.character, hintLabel(h)] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.deepEqual(seen, [
        [6, 21, '70.6B · 71 GB @ fp8'],
        [9, 25, '8× H100 SXM · 640 GB'],
        [12, 13, '$55.04/h'],
      ]);
    });
  });

  describe('completion', () => {
    async function complete(text: string, at: string): Promise<vscode.CompletionItem[]> {
      const document = await openUntitled(text);
      const position = positionOf(document, at, at.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList | undefined>('vscode.executeCompletionItemProvider', document.uri, position);
      return list?.items ?? [];
    }
    const label = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

    it('offers instances with their hardware and price, replacing the partial word', async () => {
      const items = await complete(chat.getText().replace('instance: p5.48xlarge', 'instance: p5.'), 'instance: p5.');
      const p5 = items.find((i) => label(i) === 'p5.48xlarge');
      assert.ok(p5, `p5.48xlarge among ${items.length} items`);
      assert.equal(p5.detail, '8× H100 SXM · 640 GB · $55.04/h us-east-1');
      const range = p5.range instanceof vscode.Range ? p5.range : p5.range?.replacing;
      assert.deepEqual([range?.start.line, range?.start.character, range?.end.line, range?.end.character], [9, 14, 9, 17]);
    });

    it('offers only the regions the declared instance is offered in', async () => {
      const labels = (await complete(chat.getText().replace('region: us-east-1', 'region: '), 'region: ')).map(label);
      assert.ok(labels.includes('us-east-1'), `us-east-1 among ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('us-central1'), 'a GCP region is not offered for p5');
    });
  });

  describe('real-world formats', () => {
    it('estimates and explains a Kubernetes vLLM Deployment', async () => {
      const k8s = await openFixture('k8s-vllm.yaml');
      // No concurrency declared: a single-user lens and a capacity lens, and the KV cache of the full batch.
      const titles = await waitForLenses(k8s.uri, (t) => t.length === 5 && /^\$[\d.]+\/h/.test(t[0] ?? ''));
      assert.equal(titles[0], '$110/h');
      assert.match(titles[1] ?? '', /^single user: TTFT ≈ [\d.]+ ms · TPOT ≈ [\d.]+ ms \(≈ [\d.]+ tok\/s\)$/);
      assert.match(titles[2] ?? '', /^capacity: ≈ [\d,]+ tok\/s at [\d,]+ sequences · ≈ \$[\d.]+ \/ 1M output tokens$/);
      assert.match(titles[3] ?? '', /^fits: [\d.]+ of 576 GB · 70\.6 GB weights \+ [\d.]+ GB KV cache of [\d,]+ sequences$/);
      assert.deepEqual(ourDiagnostics(k8s.uri), []);
      const card = await hoverText(k8s.uri, positionOf(k8s, 'instance-type: p5.48xlarge', 'instance-type: '.length + 2));
      assert.match(card, /^\*\*p5\.48xlarge\*\* · AWS/m);
      const hints = (await vscode.commands.executeCommand<vscode.InlayHint[] | undefined>('vscode.executeInlayHintProvider', k8s.uri, new vscode.Range(0, 0, 40, 0))) ?? [];
      assert.ok(hints.some((h) => hintLabel(h) === '8× H100 SXM · 640 GB' && h.position.line === 16), 'a hardware hint after the instance type');
    });
  });

  describe('settings', () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('inferenceLens');
    after(async () => {
      await config().update('region', undefined, vscode.ConfigurationTarget.Global);
      await config().update('pricing', undefined, vscode.ConfigurationTarget.Global);
    });

    it('refreshes lenses when inferenceLens.region and inferenceLens.pricing change', async () => {
      const gcp = await openFixture('gcp-70b.yaml');
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$88.49/h'), 'the cheapest region’s price');
      await config().update('region', 'europe-west4', vscode.ConfigurationTarget.Global);
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$113/h'), 'the europe-west4 price');
      await config().update('pricing', 'spot', vscode.ConfigurationTarget.Global);
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$44.12/h'), 'the europe-west4 spot price');
    });
  });
});
