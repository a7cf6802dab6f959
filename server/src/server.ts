// The language server's entry point. For now it serves diagnostics; hovers, lenses,
// hints, completion and quick fixes arrive as one adapter module each (issue 5).
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BUNDLED_CATALOG } from './bundledCatalog';
import { loadCatalog } from './core/catalog/catalog';
import { analyze } from './core/engine/analyze';
import type { Finding } from './core/findings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const { catalog } = loadCatalog(BUNDLED_CATALOG);

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: { start: document.positionAt(finding.span.start), end: document.positionAt(finding.span.end) },
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'inference-lens',
    message: finding.message,
  };
}

function validate(document: TextDocument): void {
  let diagnostics: Diagnostic[] = [];
  try {
    diagnostics = analyze(document.getText(), catalog).findings.map((f) => toDiagnostic(document, f));
  } catch (error) {
    connection.console.error(`check failed for ${document.uri}: ${error instanceof Error ? error.stack : String(error)}`);
  }
  // Published even when the check failed, so no stale problems remain.
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

documents.onDidChangeContent((event) => validate(event.document));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
