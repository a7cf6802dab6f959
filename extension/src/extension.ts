// The VS Code client: starts the bundled language server over IPC for YAML files,
// and adds what only the editor can do — commands, views, status items.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { COMMANDS, TRUST_NOTIFICATION } from '../../server/src/shared/protocol';
import { registerCommands } from './commands';
import { Panels } from './panels';
import { Status } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Inference Lens', { log: true });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/.inference-lens/catalog.{yaml,yml}') },
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION), trusted: vscode.workspace.isTrusted },
    outputChannel: log,
  };
  client = new LanguageClient('inferenceLens', 'Inference Lens', serverOptions, clientOptions);
  const status = new Status(client);
  const panels = new Panels(vscode.Uri.joinPath(context.extensionUri, 'media'), (instance) => {
    void vscode.commands.executeCommand(COMMANDS.applyAlternative, undefined, undefined, instance);
  });
  context.subscriptions.push(
    log,
    status,
    ...registerCommands(client, panels, log),
    client.onDidChangeState((event) => {
      const state = event.newState === State.Running ? 'server running' : event.newState === State.Starting ? 'server starting' : 'server stopped';
      log.info(state);
      void status.showCatalog(state);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TRUST_NOTIFICATION, { trusted: true })),
    vscode.window.onDidChangeActiveTextEditor(() => status.schedule()),
    vscode.languages.onDidChangeDiagnostics(() => status.schedule()),
  );
  await client.start();
  if (!vscode.workspace.isTrusted) log.warn('Untrusted workspace: .inference-lens/catalog.yaml and inferenceLens.catalog.paths are ignored until it is trusted.');
  await status.showCatalog('server running');
  status.schedule();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
