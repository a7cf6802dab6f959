import * as vscode from 'vscode';
import type { CompareResult, EstimatesResult, FromWebview, ToWebview } from '../../server/src/shared/protocol';
import { webviewHtml } from './webviewHtml';

type ViewKind = 'estimate' | 'compare';

/**
 * The estimate and comparison views: one panel of each kind, reused and updated
 * in place. Data goes to the page by postMessage once its script says it is ready.
 */
export class Panels {
  private readonly panels = new Map<ViewKind, { panel: vscode.WebviewPanel; ready: Promise<void> }>();

  constructor(
    private readonly media: vscode.Uri,
    private readonly onApply: (instance: string) => void,
    private readonly onRegion: (region: string) => void,
  ) {}

  async showCompare(result: CompareResult, current: string | null): Promise<vscode.WebviewPanel> {
    const { panel, ready } = this.open('compare', `Compare hardware: ${result.deployment}`);
    await ready;
    await post(panel, {
      type: 'compare',
      title: `${result.deployment} — ${result.model ?? 'unknown model'}: ${result.hardware.length} priced instances`,
      current,
      region: result.region,
      emptyRegion: result.emptyRegion,
      regions: result.regions,
      hardware: result.hardware,
      serverless: result.serverless,
    });
    return panel;
  }

  async showEstimate(result: EstimatesResult, file: string): Promise<vscode.WebviewPanel> {
    const { panel, ready } = this.open('estimate', `Estimate: ${file}`);
    await ready;
    const money = (x: number | null): string => (x === null ? 'unknown' : `$${x.toFixed(2)}`);
    const approx = (x: number | null, unit: string): string => (x === null ? 'unknown' : `≈ ${x < 10 ? x.toFixed(1) : x.toFixed(0)}${unit}`);
    await post(panel, {
      type: 'estimate',
      title: `Estimates for ${file}`,
      headers: ['Deployment', 'Model', 'Hardware', '$ / h', '$ / 1M out', 'TTFT', 'TPOT', 'tok/s total', 'Fits'],
      rows: result.deployments.map((d) => [
        d.name,
        d.model ?? 'unknown',
        d.hardware ?? 'unknown',
        money(d.costPerHour),
        money(d.costPerMillionOutputTokens),
        approx(d.ttftMs, ' ms'),
        approx(d.tpotMs, ' ms'),
        approx(d.outputTokensPerSecond, ''),
        d.fits === null ? 'unknown' : d.fits ? 'yes' : 'no',
      ]),
    });
    return panel;
  }

  private open(kind: ViewKind, title: string): { panel: vscode.WebviewPanel; ready: Promise<void> } {
    const existing = this.panels.get(kind);
    if (existing) {
      existing.panel.title = title;
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(`inferenceLens.${kind}`, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [this.media],
      retainContextWhenHidden: false,
    });
    let resolveReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    panel.webview.onDidReceiveMessage((message: Partial<FromWebview> & { instance?: unknown; region?: unknown }) => {
      // Typed on both sides, but checked anyway: the page is another process.
      if (message.type === 'ready') resolveReady();
      if (message.type === 'apply' && typeof message.instance === 'string') this.onApply(message.instance);
      if (message.type === 'region' && typeof message.region === 'string') this.onRegion(message.region);
    });
    panel.webview.html = webviewHtml(panel.webview, this.media, title);
    panel.onDidDispose(() => this.panels.delete(kind));
    const entry = { panel, ready };
    this.panels.set(kind, entry);
    return entry;
  }
}

/** The one way data reaches a view: a message of the shared `ToWebview` type. */
function post(panel: vscode.WebviewPanel, message: ToWebview): Thenable<boolean> {
  return panel.webview.postMessage(message);
}
