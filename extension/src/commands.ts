import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AlternativeEditsRequest,
  CatalogCardRequest,
  CatalogRequest,
  COMMANDS,
  CompareRequest,
  EstimateDetailsRequest,
  EstimatesRequest,
  type DeploymentSummary,
  type DocumentPosition,
  type NewManifestAnswers,
} from '../../server/src/shared/protocol';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { newManifestText } from '../../server/src/shared/template';
import type { MarkdownViews } from './markdownViews';
import type { Panels } from './panels';

/**
 * Every command of the palette. Each takes optional arguments (lenses and tests
 * pass them) and asks the user for what is missing; each returns what it showed.
 */
export function registerCommands(client: LanguageClient, panels: Panels, views: MarkdownViews, log: vscode.LogOutputChannel): vscode.Disposable[] {
  let lastCompared: DocumentPosition | undefined;
  /** The region the last comparison was made in, when the user chose one. */
  let lastRegion: string | undefined;

  const run = <A extends unknown[], R>(name: string, command: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(name, async (...args: A) => {
      try {
        return await command(...args);
      } catch (error) {
        log.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        void vscode.window.showErrorMessage(`Inference Lens: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });

  /** The deployments of a document; none when the server does not have it open. */
  async function deploymentsOf(uri: string): Promise<{ readonly deployments: readonly DeploymentSummary[] }> {
    return (await client.sendRequest(EstimatesRequest, { uri })) ?? { deployments: [] };
  }

  async function target(uri?: string, offset?: number): Promise<DocumentPosition | undefined> {
    if (uri !== undefined && offset !== undefined) return { uri, offset };
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'yaml') {
      void vscode.window.showInformationMessage('Inference Lens: open a deployment manifest first.');
      return undefined;
    }
    const estimates = await deploymentsOf(editor.document.uri.toString());
    const cursor = editor.document.offsetAt(editor.selection.active);
    const under = estimates.deployments.find((d) => cursor >= d.start && cursor <= d.end);
    if (under || estimates.deployments.length <= 1) {
      const chosen = under ?? estimates.deployments[0];
      return chosen ? { uri: editor.document.uri.toString(), offset: chosen.anchor } : undefined;
    }
    const picked = await vscode.window.showQuickPick(
      estimates.deployments.map((d) => ({ label: d.name, description: [d.model, d.hardware].filter(Boolean).join(' on '), offset: d.anchor })),
      { title: 'Which deployment?' },
    );
    return picked ? { uri: editor.document.uri.toString(), offset: picked.offset } : undefined;
  }

  async function applyAlternative(uri: string, offset: number, instance: string): Promise<boolean> {
    const result = await client.sendRequest(AlternativeEditsRequest, { uri, offset, instance, ...(lastRegion !== undefined ? { region: lastRegion } : {}) });
    if (!result || result.edits.length === 0) {
      void vscode.window.showWarningMessage(`Inference Lens: cannot switch to ${instance}: ${result?.reason ?? 'the document is not open'}.`);
      return false;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (document.version !== result.version) {
      void vscode.window.showWarningMessage(`Inference Lens: ${instance} was not applied: the file changed while the edit was prepared. Compare again.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
    return vscode.workspace.applyEdit(edit);
  }

  return [
    run(COMMANDS.showEstimateDetails, async (uri?: string, offset?: number) => {
      const at = await target(uri, offset);
      if (!at) return undefined;
      const result = await client.sendRequest(EstimateDetailsRequest, at);
      if (!result) return undefined;
      const name = (await deploymentsOf(at.uri)).deployments.find((d) => at.offset >= d.start && at.offset <= d.end)?.name;
      await views.show(`${name ?? 'deployment'} estimate`, result.markdown);
      return result.markdown;
    }),

    run(COMMANDS.estimateDeployment, async (uri?: string) => {
      const documentUri = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!documentUri) return undefined;
      const result = await deploymentsOf(documentUri);
      await panels.showEstimate(result, vscode.workspace.asRelativePath(vscode.Uri.parse(documentUri)));
      return result;
    }),

    run(COMMANDS.compareHardware, async (uri?: string, offset?: number, region?: string) => {
      // A region chosen in the view compares the same deployment again.
      const at = uri === undefined && region !== undefined && lastCompared ? lastCompared : await target(uri, offset);
      if (!at) return undefined;
      const result = await client.sendRequest(CompareRequest, { ...at, ...(region !== undefined ? { region } : {}) });
      if (!result) return undefined;
      lastCompared = at;
      lastRegion = region;
      const estimates = await deploymentsOf(at.uri);
      const current = estimates.deployments.find((d) => at.offset >= d.start && at.offset <= d.end)?.hardware ?? null;
      await panels.showCompare(result, current);
      return result;
    }),

    run(COMMANDS.applyAlternative, async (uri?: string, offset?: number, instance?: string) => {
      const at = uri !== undefined && offset !== undefined ? { uri, offset } : lastCompared;
      if (!at || !instance) return false;
      const applied = await applyAlternative(at.uri, at.offset, instance);
      if (applied && lastCompared) {
        const refreshed = await client.sendRequest(CompareRequest, { ...lastCompared, ...(lastRegion !== undefined ? { region: lastRegion } : {}) });
        if (refreshed) await panels.showCompare(refreshed, instance);
      }
      return applied;
    }),

    run(COMMANDS.browseCatalog, async (id?: string) => {
      let chosen = id;
      if (!chosen) {
        const catalog = await client.sendRequest(CatalogRequest);
        const picked = await vscode.window.showQuickPick(
          catalog.entries.map((e) => ({ label: e.id, description: e.label, detail: `${e.kind} · ${e.detail}` })),
          { title: `Inference Lens catalog (as of ${catalog.newestAsOf ?? 'unknown'})`, matchOnDescription: true, matchOnDetail: true },
        );
        chosen = picked?.label;
      }
      if (!chosen) return undefined;
      const card = await client.sendRequest(CatalogCardRequest, { id: chosen });
      if (!card) {
        void vscode.window.showWarningMessage(`Inference Lens: "${chosen}" is not in the catalog.`);
        return undefined;
      }
      await views.show(chosen, card);
      return card;
    }),

    run(COMMANDS.newManifest, async (given?: NewManifestAnswers) => {
      const answers = given ?? (await askManifest(client));
      if (!answers) return undefined;
      const text = newManifestText(answers);
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(document);
      return text;
    }),

    run(COMMANDS.setRegion, async (region?: string) => {
      let chosen = region;
      if (chosen === undefined) {
        const catalog = await client.sendRequest(CatalogRequest);
        const picked = await vscode.window.showQuickPick([{ label: '', description: 'none: the cheapest listed region' }, ...catalog.regions.map((r) => ({ label: r }))], {
          title: 'Default region for prices',
        });
        chosen = picked?.label;
      }
      if (chosen === undefined) return undefined;
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('region', chosen, vscode.ConfigurationTarget.Global);
      return chosen;
    }),

    run(COMMANDS.setPricing, async (pricing?: string) => {
      const chosen = pricing ?? (await vscode.window.showQuickPick(['on-demand', 'spot', 'reserved-1y', 'reserved-3y'], { title: 'Default pricing model' }));
      if (!chosen) return undefined;
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('pricing', chosen, vscode.ConfigurationTarget.Global);
      return chosen;
    }),
  ];
}

/** The guided questions: model, then an instance (with regions), then the workload. */
async function askManifest(client: LanguageClient): Promise<NewManifestAnswers | undefined> {
  const catalog = await client.sendRequest(CatalogRequest);
  const model = await vscode.window.showQuickPick(
    catalog.entries.filter((e) => e.kind === 'model').map((e) => ({ label: e.id, description: e.label, detail: e.detail })),
    { title: 'New inference manifest (1/3): model', matchOnDescription: true },
  );
  if (!model) return undefined;
  const instance = await vscode.window.showQuickPick(
    catalog.entries.filter((e) => e.kind === 'instance').map((e) => ({ label: e.id, description: e.detail, regions: e.regions ?? [] })),
    { title: 'New inference manifest (2/3): instance', matchOnDescription: true },
  );
  if (!instance) return undefined;
  const region = instance.regions.length > 0 ? await vscode.window.showQuickPick(instance.regions, { title: `Region for ${instance.label}` }) : undefined;
  const workload = await vscode.window.showInputBox({
    title: 'New inference manifest (3/3): workload',
    prompt: 'input tokens, output tokens, concurrency (a number or max)',
    value: '1024, 256, max',
    validateInput: (value) => (/^\s*\d+\s*,\s*\d+\s*,\s*(\d+|max)\s*$/.test(value) ? undefined : 'Three values: e.g. 1024, 256, max'),
  });
  if (workload === undefined) return undefined;
  const [input = '1024', output = '256', concurrency = 'max'] = workload.split(',').map((v) => v.trim());
  return {
    model: model.label,
    instance: instance.label,
    ...(region ? { region } : {}),
    inputTokens: Number(input),
    outputTokens: Number(output),
    concurrency: concurrency === 'max' ? 'max' : Number(concurrency),
  };
}
