// The VS Code client: starts the bundled language server over IPC for YAML files
// and implements the commands its lenses run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, COMPARE_REQUEST, ESTIMATE_DETAILS_REQUEST, type CompareResult, type DocumentPosition, type EstimateDetailsResult } from '../../server/src/shared/protocol';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/.inference-lens/catalog.yaml') },
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION) },
  };
  client = new LanguageClient('inferenceLens', 'Inference Lens', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showEstimateDetails, (uri?: string, offset?: number) => showDetails(uri, offset)),
    vscode.commands.registerCommand(COMMANDS.compareHardware, (uri?: string, offset?: number) => compareHardware(uri, offset)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}

/** The deployment a command is about: the lens's arguments, else the cursor in the active editor. */
function target(uri?: string, offset?: number): DocumentPosition | undefined {
  if (uri !== undefined && offset !== undefined) return { uri, offset };
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { uri: editor.document.uri.toString(), offset: editor.document.offsetAt(editor.selection.active) };
}

async function showDetails(uri?: string, offset?: number): Promise<void> {
  const at = target(uri, offset);
  if (!client || !at) return;
  const result = await client.sendRequest<EstimateDetailsResult | null>(ESTIMATE_DETAILS_REQUEST, at);
  if (!result) {
    void vscode.window.showInformationMessage('Inference Lens: no deployment at the cursor.');
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

async function compareHardware(uri?: string, offset?: number): Promise<void> {
  const at = target(uri, offset);
  if (!client || !at) return;
  const result = await client.sendRequest<CompareResult | null>(COMPARE_REQUEST, at);
  if (!result || result.hardware.length === 0) {
    void vscode.window.showInformationMessage('Inference Lens: nothing to compare for this deployment.');
    return;
  }
  const money = (x: number | null): string => (x === null ? '—' : `$${x.toFixed(2)}`);
  const ms = (x: number | null): string => (x === null ? '—' : `${x.toFixed(0)} ms`);
  const items = result.hardware.map((h) => ({
    label: `${h.fits ? '$(check)' : '$(error)'} ${h.instance}`,
    description: `${h.acceleratorCount}× ${h.accelerator} · ${money(h.costPerMillionOutputTokens)} / 1M out · TTFT ${ms(h.ttftMs)} · TPOT ${ms(h.tpotMs)}`,
    detail: `${h.fits ? 'fits' : 'does not fit'} · ${money(h.costPerHour)}/h ${h.pricing}${h.region ? ` in ${h.region}` : ''} · tensor ${h.tensor} · ${h.precision}`,
    alternative: h,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Hardware for ${result.deployment} (${result.model ?? 'unknown model'})`, matchOnDescription: true });
  if (picked) void vscode.window.showInformationMessage(`Inference Lens: ${picked.alternative.instance} — ${picked.description}`);
}
