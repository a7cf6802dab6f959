// The extension's commands, run without UI: each takes optional arguments so a test can
// name the deployment, and returns what it showed. The contract (ids, arguments, return
// values) is the one the commands are written against; see README "In the editor".
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { CompareResult, DeploymentSummary } from '../../../server/src/shared/protocol';
import { deploymentOffset, openFixture, ourDiagnostics, revertAndCloseAll, waitFor, waitForLenses, webviewTabs } from './helpers';

const CONTRACT = [
  'inferenceLens.showEstimateDetails',
  'inferenceLens.estimateDeployment',
  'inferenceLens.compareHardware',
  'inferenceLens.applyAlternative',
  'inferenceLens.browseCatalog',
  'inferenceLens.newManifest',
  'inferenceLens.setRegion',
  'inferenceLens.setPricing',
];

const priced = (titles: string[]): boolean => titles.length === 4 && /^\$[\d.]+\/h/.test(titles[0] ?? '');

/**
 * Waits for a rendered Markdown view: the read-only `inference-lens:` document holding
 * `text`, shown in VS Code's Markdown preview; never an untitled buffer asking to be saved.
 */
async function waitForRenderedMarkdown(text: string, title: string): Promise<vscode.TextDocument> {
  const document = await waitFor('the Markdown document', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'inference-lens' && d.getText().includes(text)),
  );
  assert.equal(document.isUntitled, false);
  assert.equal(document.isDirty, false);
  await waitFor(`a Markdown preview titled "${title}"`, () => webviewTabs('markdown.preview').find((tab) => tab.label.includes(title)));
  assert.deepEqual(
    vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === 'markdown').map((d) => d.uri.toString()),
    [],
    'no untitled Markdown buffer',
  );
  return document;
}

describe('commands', () => {
  let chat: vscode.TextDocument;
  let offset: number;

  before(async () => {
    chat = await openFixture('chat-70b.yaml');
    await waitForLenses(chat.uri, priced, 'the server to answer with lenses');
    offset = deploymentOffset(chat, 'chat-70b');
  });

  afterEach(async () => {
    await revertAndCloseAll();
    chat = await openFixture('chat-70b.yaml');
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('inferenceLens');
    await config.update('region', undefined, vscode.ConfigurationTarget.Global);
    await config.update('pricing', undefined, vscode.ConfigurationTarget.Global);
    await revertAndCloseAll();
  });

  it('registers every command of the contract', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(CONTRACT.filter((id) => !registered.has(id)), []);
  });

  describe('inferenceLens.showEstimateDetails', () => {
    it('returns the estimate as Markdown and shows it rendered beside, not as an untitled buffer', async () => {
      const markdown = await vscode.commands.executeCommand<unknown>('inferenceLens.showEstimateDetails', chat.uri.toString(), offset);
      assert.equal(typeof markdown, 'string');
      assert.match(markdown as string, /^\*\*chat-70b\*\* — estimate/);
      const document = await waitForRenderedMarkdown('**chat-70b** — estimate', 'chat-70b estimate');
      assert.equal(document.getText(), markdown);
      const preview = webviewTabs('markdown.preview')[0];
      const manifestGroup = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === chat.uri.toString()));
      assert.notEqual(preview?.group.viewColumn, manifestGroup?.viewColumn, 'beside the manifest');
    });

    it('uses the deployment at the cursor without arguments', async () => {
      const editor = await vscode.window.showTextDocument(chat);
      editor.selection = new vscode.Selection(chat.positionAt(offset + 2), chat.positionAt(offset + 2));
      const markdown = await vscode.commands.executeCommand<unknown>('inferenceLens.showEstimateDetails');
      assert.match(String(markdown), /^\*\*chat-70b\*\* — estimate/);
    });
  });

  describe('inferenceLens.estimateDeployment', () => {
    it('returns every deployment’s estimate and opens the estimate panel', async () => {
      const result = await vscode.commands.executeCommand<{ deployments: DeploymentSummary[] } | undefined>('inferenceLens.estimateDeployment', chat.uri.toString(), offset);
      assert.ok(result, 'a result');
      const [deployment] = result.deployments;
      assert.ok(deployment);
      assert.deepEqual([deployment.name, deployment.model, deployment.hardware, deployment.costPerHour, deployment.fits], ['chat-70b', 'llama-3.1-70b', 'p5.48xlarge', 55.04, true]);
      for (const key of ['ttftMs', 'tpotMs', 'outputTokensPerSecond'] as const) assert.ok((deployment[key] ?? 0) > 0, `${key} is positive`);
      const [tab] = await waitFor('the estimate panel', () => {
        const tabs = webviewTabs('inferenceLens.estimate');
        return tabs.length > 0 ? tabs : undefined;
      });
      assert.match(tab?.label ?? '', /^Estimate/);
    });
  });

  describe('inferenceLens.compareHardware', () => {
    it('returns the alternatives, fitting and cheapest first, and opens the comparison', async () => {
      const result = await vscode.commands.executeCommand<CompareResult | undefined>('inferenceLens.compareHardware', chat.uri.toString(), offset);
      assert.ok(result, 'a result');
      assert.equal(result.deployment, 'chat-70b');
      assert.equal(result.model, 'llama-3.1-70b');
      assert.ok(result.hardware.some((h) => h.instance === 'p5.48xlarge' && h.fits));
      const costs = result.hardware.filter((h) => h.fits).map((h) => h.costPerMillionOutputTokens ?? Infinity);
      assert.deepEqual(costs, [...costs].sort((a, b) => a - b));
      assert.ok(result.serverless.length > 0, 'API offers are listed');
      const [tab] = await waitFor('the comparison panel', () => {
        const tabs = webviewTabs('inferenceLens.compare');
        return tabs.length > 0 ? tabs : undefined;
      });
      assert.match(tab?.label ?? '', /^Compare/);
    });
  });

  describe('inferenceLens.applyAlternative', () => {
    it('rewrites the deployment’s hardware with another instance', async () => {
      const target = await openFixture('apply-target.yaml');
      await waitForLenses(target.uri, priced);
      const at = deploymentOffset(target, 'chat-70b');
      const compare = await vscode.commands.executeCommand<CompareResult | undefined>('inferenceLens.compareHardware', target.uri.toString(), at);
      const alternative = compare?.hardware.find((h) => h.fits && h.instance !== 'p5.48xlarge' && h.acceleratorCount === 8);
      assert.ok(alternative, 'another 8-accelerator instance the model fits on');
      const applied = await vscode.commands.executeCommand<unknown>('inferenceLens.applyAlternative', target.uri.toString(), at, alternative.instance);
      assert.equal(applied, true);
      assert.equal(target.lineAt(9).text, `    instance: ${alternative.instance}`);
      assert.ok(target.isDirty, 'an edit, not a write behind the editor’s back');
      // The cost lens follows: the alternative's price per hour, as the comparison listed it.
      const perHour = (title: string | undefined): number => Number(/^\$([\d,.]+)\/h/.exec(title ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
      const expected = alternative.costPerHour ?? NaN;
      await waitForLenses(target.uri, (t) => t.length === 4 && Math.abs(perHour(t[0]) - expected) / expected < 0.01, `a cost lens of $${expected}/h`);
      assert.deepEqual(ourDiagnostics(target.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    });
  });

  describe('inferenceLens.browseCatalog', () => {
    it('opens and returns the card of a catalog entry', async () => {
      const markdown = await vscode.commands.executeCommand<unknown>('inferenceLens.browseCatalog', 'p5.48xlarge');
      assert.equal(typeof markdown, 'string');
      assert.match(markdown as string, /p5\.48xlarge/);
      assert.match(markdown as string, /H100/);
      await waitForRenderedMarkdown(markdown as string, 'p5.48xlarge');
    });
  });

  describe('inferenceLens.newManifest', () => {
    it('opens a valid InferenceDeployment from the answers', async () => {
      const answers = { model: 'llama-3.1-70b', instance: 'p5.48xlarge', region: 'us-east-1', inputTokens: 1024, outputTokens: 256, concurrency: 64 };
      const text = await vscode.commands.executeCommand<unknown>('inferenceLens.newManifest', answers);
      assert.equal(typeof text, 'string');
      assert.match(text as string, /^kind: InferenceDeployment$/m);
      assert.match(text as string, /^\s+instance: p5\.48xlarge$/m);
      assert.match(text as string, /^\s+id: llama-3\.1-70b$/m);
      const editor = await waitFor('the new manifest in an editor', () =>
        vscode.window.visibleTextEditors.find((e) => e.document.isUntitled && e.document.getText() === text),
      );
      assert.equal(editor.document.languageId, 'yaml');
      await waitForLenses(editor.document.uri, (t) => (t[0] ?? '').startsWith('$55.04/h'), 'lenses on the new manifest');
      assert.deepEqual(ourDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    });
  });

  describe('inferenceLens.setRegion and inferenceLens.setPricing', () => {
    it('set the global settings, and the lenses follow', async () => {
      const gcp = await openFixture('gcp-70b.yaml');
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$88.49/h'), 'the cheapest region’s price');
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('inferenceLens');

      await vscode.commands.executeCommand('inferenceLens.setRegion', 'europe-west4');
      assert.equal(config().inspect<string>('region')?.globalValue, 'europe-west4');
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$113/h'), 'the europe-west4 price');

      await vscode.commands.executeCommand('inferenceLens.setPricing', 'spot');
      assert.equal(config().inspect<string>('pricing')?.globalValue, 'spot');
      await waitForLenses(gcp.uri, (t) => (t[0] ?? '').startsWith('$44.12/h'), 'the europe-west4 spot price');
    });
  });
});
