// The VS Code client: starts the bundled language server over IPC for YAML files,
// and adds what only the editor can do — commands, views, status items.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/shared/settings';
import { COMMANDS, TrustNotification } from '../../server/src/shared/protocol';
import { registerCommands } from './commands';
import { MarkdownViews } from './markdownViews';
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
    synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: vscode.workspace.createFileSystemWatcher('**/.inference-lens/{catalog.{yaml,yml},models/*.json}') },
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION), trusted: vscode.workspace.isTrusted },
    outputChannel: log,
    errorHandler: restartingErrorHandler(log),
  };
  client = new LanguageClient('inferenceLens', 'Inference Lens', serverOptions, clientOptions);
  const status = new Status(client);
  const views = new MarkdownViews(log);
  const panels = new Panels(
    vscode.Uri.joinPath(context.extensionUri, 'media'),
    (instance) => void vscode.commands.executeCommand(COMMANDS.applyAlternative, undefined, undefined, instance),
    (region) => void vscode.commands.executeCommand(COMMANDS.compareHardware, undefined, undefined, region),
  );
  context.subscriptions.push(
    log,
    status,
    views.register(),
    ...registerCommands(client, panels, views, log),
    client.onDidChangeState((event) => {
      const state = event.newState === State.Running ? 'server running' : event.newState === State.Starting ? 'server starting' : 'server stopped';
      log.info(state);
      void status.showCatalog(state);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustNotification, { trusted: true })),
    vscode.window.onDidChangeActiveTextEditor(() => status.schedule()),
    vscode.languages.onDidChangeDiagnostics(() => status.schedule()),
  );
  await client.start();
  if (!vscode.workspace.isTrusted) log.warn('Untrusted workspace: .inference-lens/catalog.yaml and inferenceLens.catalog.paths are ignored until it is trusted.');
  await status.showCatalog('server running');
  status.schedule();
}

/** Restarts a server that died, at most MAX_RESTARTS times in RESTART_WINDOW_MS, saying so each time. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

function restartingErrorHandler(log: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: (error) => {
      log.error(`connection error: ${error.message}`);
      return { action: ErrorAction.Continue, handled: true };
    },
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - (restarts[0] ?? now) > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        const message = `Inference Lens: the language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. See the Inference Lens output for details.`;
        log.error(message);
        void vscode.window.showErrorMessage(message);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      restarts.push(now);
      const message = `Inference Lens: the language server stopped; restarting it (${restarts.length} of ${MAX_RESTARTS}).`;
      log.warn(message);
      void vscode.window.showWarningMessage(message);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
