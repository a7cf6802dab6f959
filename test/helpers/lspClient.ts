import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from './fixtures';

/** The bundled server, as editors run it. */
export const SERVER = join(REPO_ROOT, 'dist', 'server.js');

/**
 * One server per test file, over a fresh temporary workspace: started before the
 * file's tests (handing the client and the folder to `ready`), stopped and the
 * folder removed after them.
 */
export function serverForTests(name: string, ready: (client: LspClient, workspace: string) => void): void {
  let client: LspClient | undefined;
  let workspace = '';
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), `inference-lens-${name}-`));
    client = new LspClient();
    await client.initialize(pathToFileURL(workspace).href, {});
    ready(client, workspace);
  });
  after(async () => {
    await client?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });
}

/**
 * A minimal LSP client over a real stdio JSON-RPC connection to the server
 * process. Waits on notifications, never on timers.
 */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly waiting = new Map<string, { version: number | undefined; resolve: (d: Diagnostic[]) => void }[]>();
  private readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  configuration: unknown = {};

  constructor(command: readonly string[] = [process.execPath, SERVER, '--stdio']) {
    const [program = process.execPath, ...args] = command;
    this.process = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, params);
      const waiters = this.waiting.get(params.uri) ?? [];
      this.waiting.set(params.uri, waiters.filter((w) => {
        const matches = w.version === undefined || params.version === w.version;
        if (matches) w.resolve(params.diagnostics);
        return !matches;
      }));
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.configuration));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.listen();
  }

  async initialize(rootUri: string | null = null, configuration: unknown = {}, initializationOptions: unknown = undefined): Promise<void> {
    this.configuration = configuration;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      initializationOptions,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: {
        workspace: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the diagnostics the server publishes for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const latest = this.published.get(uri);
    if (latest && (version === undefined || latest.version === version)) return Promise.resolve(latest.diagnostics);
    return new Promise((resolve) => this.waiting.set(uri, [...(this.waiting.get(uri) ?? []), { version, resolve }]));
  }

  nextDiagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiting.set(uri, [...(this.waiting.get(uri) ?? []), { version, resolve }]));
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
    return published;
  }

  async change(uri: string, version: number, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return published;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** An incremental change, as editors send while typing. */
  async edit(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return published;
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    await new Promise<void>((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
    this.connection.dispose();
  }
}

/** A fixture with a `|` marking the caret: the text without it, and the caret's offset. */
export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | caret');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Line and character of an offset, as LSP counts them. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
