import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { catalogFreshness } from '../../server/src/core/catalog/freshness';
import { CatalogRequest, EstimatesRequest } from '../../server/src/shared/protocol';

/**
 * The status bar's cost of the active file's deployments, and the language status
 * item with the catalog's date and the server's state.
 */
export class Status implements vscode.Disposable {
  private readonly cost = vscode.window.createStatusBarItem('inferenceLens.cost', vscode.StatusBarAlignment.Right, 100);
  private readonly language = vscode.languages.createLanguageStatusItem('inferenceLens.status', { language: 'yaml' });
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {
    this.cost.name = 'Inference Lens cost';
    this.cost.command = 'inferenceLens.estimateDeployment';
    this.language.name = 'Inference Lens';
    this.language.text = 'Inference Lens';
    this.language.detail = 'starting';
  }

  /** Re-reads the active file's cost shortly after edits settle. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 150);
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'yaml' || !this.client.isRunning()) {
      this.cost.hide();
      return;
    }
    const result = await this.client.sendRequest(EstimatesRequest, { uri: editor.document.uri.toString() });
    const priced = (result?.deployments ?? []).filter((d) => d.costPerHour !== null);
    if (!result || priced.length === 0) {
      this.cost.hide();
      return;
    }
    const total = priced.reduce((sum, d) => sum + (d.costPerHour ?? 0), 0);
    this.cost.text = `$(graph) $${total.toFixed(2)}/h`;
    this.cost.tooltip = `Inference Lens: ${priced.length} of ${result.deployments.length} deployments priced in this file. Click for the estimates.`;
    this.cost.show();
  }

  async showCatalog(state: string): Promise<void> {
    const catalog = this.client.isRunning() ? await this.client.sendRequest(CatalogRequest) : undefined;
    // The catalog's date, and past 120 days a warning that prices may have moved (no network: today's date only).
    const freshness = catalog ? catalogFreshness(catalog.newestAsOf, new Date().toISOString().slice(0, 10)) : undefined;
    this.language.detail = freshness ? `${freshness.text} · ${state}` : state;
    const warn = catalog !== undefined && (catalog.problems.length > 0 || freshness?.stale === true);
    this.language.severity = warn ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.language.command = { title: 'Browse catalog', command: 'inferenceLens.browseCatalog' };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.cost.dispose();
    this.language.dispose();
  }
}
