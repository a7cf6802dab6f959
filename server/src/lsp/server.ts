import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  AlternativeEditsRequest,
  CatalogCardRequest,
  CatalogRequest,
  CompareRequest,
  EstimateDetailsRequest,
  EstimatesRequest,
  TrustNotification,
  type AlternativeEditsParams,
  type CompareParams,
  type DocumentPosition,
} from '../shared/protocol';
import { normalizeSettings, SETTINGS_SECTION } from '../shared/settings';
import { documentRequest } from './dispatch';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import { alternativeEdits, catalogCard, catalogSummary, compare, details, estimates } from './features/custom';
import { publishDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { documentSymbols } from './features/symbols';
import { folderPath, Session } from './session';

/**
 * Wires every feature to a connection. Each feature is a module of its own behind
 * `documentRequest`; all read the session's one analysis per document version.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const session = new Session();
  let folders: string[] = [];
  let pullsConfiguration = false;
  let refreshesLenses = false;
  let refreshesHints = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    pullsConfiguration = capabilities.workspace?.configuration === true;
    refreshesLenses = capabilities.workspace?.codeLens?.refreshSupport === true;
    refreshesHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
    folders = (params.workspaceFolders ?? []).map((f) => folderPath(f.uri)).filter((p): p is string => p !== undefined);
    session.trusted = params.initializationOptions?.trusted !== false;
    if (folders.length === 0 && params.rootUri) folders = [folderPath(params.rootUri)].filter((p): p is string => p !== undefined);
    session.configure(normalizeSettings(params.initializationOptions?.settings), folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '/', '-', '.'] },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'inference-lens', version: INFERENCE_LENS_VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      await reconfigure();
    }
    reportCatalogProblems();
  });

  /** Pulls settings, reloads the catalog, re-checks open documents and refreshes lenses and hints. */
  async function reconfigure(): Promise<void> {
    try {
      const raw: unknown = pullsConfiguration ? await connection.workspace.getConfiguration(SETTINGS_SECTION) : undefined;
      session.configure(normalizeSettings(raw), folders);
    } catch (error) {
      connection.console.error(`settings could not be read, using defaults: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const document of documents.all()) void publishDiagnostics(connection, session, document);
    if (refreshesLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    if (refreshesHints) void connection.languages.inlayHint.refresh();
  }

  function reportCatalogProblems(): void {
    for (const problem of session.catalogProblems) {
      for (const finding of problem.findings) connection.console.warn(`catalog ${problem.file}: ${finding.message}`);
    }
  }

  connection.onDidChangeConfiguration(async () => {
    await reconfigure();
    reportCatalogProblems();
  });
  connection.onDidChangeWatchedFiles(async () => reconfigure());
  connection.onNotification(TrustNotification, async (params) => {
    session.trusted = params.trusted;
    await reconfigure();
  });

  documents.onDidChangeContent((event) => void publishDiagnostics(connection, session, event.document));
  documents.onDidClose((event) => {
    session.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(documentRequest(connection, documents, session, 'hover', null, hover));
  connection.onCodeLens(documentRequest(connection, documents, session, 'code lens', [], codeLenses));
  connection.languages.inlayHint.on(documentRequest(connection, documents, session, 'inlay hints', [], inlayHints));
  connection.onCompletion(documentRequest(connection, documents, session, 'completion', { isIncomplete: false, items: [] }, completion));
  connection.onCodeAction(documentRequest(connection, documents, session, 'code actions', [], codeActions));
  connection.onDocumentSymbol(documentRequest(connection, documents, session, 'document symbols', [], documentSymbols));

  const byUri = <P extends { uri: string }, R>(feature: string, handler: (document: TextDocument, params: P) => R) =>
    documentRequest<{ textDocument: { uri: string } } & P, R | null>(connection, documents, session, feature, null, ({ document }, params) => handler(document, params));
  connection.onRequest(EstimatesRequest, (params) => byUri('estimates', (document) => estimates(session, document))({ ...params, textDocument: { uri: params.uri } }));
  connection.onRequest(EstimateDetailsRequest, (params) =>
    byUri('estimate details', (document, p: DocumentPosition) => details(session, document, p.offset))({ ...params, textDocument: { uri: params.uri } }),
  );
  connection.onRequest(CompareRequest, (params) =>
    byUri('compare', (document, p: CompareParams) => compare(session, document, p.offset, p.region))({ ...params, textDocument: { uri: params.uri } }),
  );
  connection.onRequest(AlternativeEditsRequest, (params) =>
    byUri('alternative edits', (document, p: AlternativeEditsParams) => alternativeEdits(session, document, p.offset, p.instance, p.region))({ ...params, textDocument: { uri: params.uri } }),
  );
  connection.onRequest(CatalogRequest, () => catalogSummary(session));
  connection.onRequest(CatalogCardRequest, (params) => catalogCard(session, params.id));

  documents.listen(connection);
  connection.listen();
}
