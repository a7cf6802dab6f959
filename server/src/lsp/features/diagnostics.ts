import { DiagnosticSeverity, type Connection, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BUNDLED_CATALOG } from '../../bundledCatalog';
import { loadCatalog } from '../../core/catalog/catalog';
import { fixOptions, type Finding } from '../../core/findings';
import { toRange } from '../ranges';
import type { Session } from '../session';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;
const CODES_URL = 'https://github.com/inference-lens/inference-lens#finding-codes';

/** What a quick fix needs, carried on the diagnostic: each way to apply it, with its edits' ranges converted. */
export interface FixData {
  readonly options: readonly { readonly title: string; readonly edits: readonly TextEdit[] }[];
}

function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const options = finding.fix ? fixOptions(finding.fix) : [];
  const fix: FixData | undefined =
    options.length > 0 ? { options: options.map((o) => ({ title: o.title, edits: o.edits.map((e) => ({ range: toRange(document, e), newText: e.newText })) })) } : undefined;
  return {
    range: toRange(document, finding.span),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: CODES_URL },
    source: 'inference-lens',
    message: finding.message,
    ...(finding.related && finding.related.length > 0
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: document.uri, range: toRange(document, r.span) }, message: r.message })) }
      : {}),
    ...(fix ? { data: fix } : {}),
  };
}

/**
 * Publishes a document's findings for its current version. Results for a version
 * superseded while they were computed are dropped; when the check fails an empty
 * list is published, so no stale problems remain.
 */
export async function publishDiagnostics(connection: Connection, session: Session, document: TextDocument): Promise<void> {
  let diagnostics: Diagnostic[] = [];
  try {
    const findings = isCatalogFile(document.uri) ? catalogFindings(document) : (await session.analysisFor(document))?.findings;
    if (findings === undefined) return;
    diagnostics = findings.map((f) => toDiagnostic(document, f));
  } catch (error) {
    connection.console.error(`check failed for ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

/** A workspace catalog file (`.inference-lens/catalog.yaml`) is checked as a catalog, not as manifests. */
function isCatalogFile(uri: string): boolean {
  return /[\\/]\.inference-lens[\\/]catalog\.ya?ml$/.test(uri);
}

/** The file's problems as the catalog loader sees them: merged over the bundled data, so it may complete existing entries. */
function catalogFindings(document: TextDocument): readonly Finding[] {
  const { problems } = loadCatalog([...BUNDLED_CATALOG, { name: document.uri, text: document.getText() }]);
  return problems.find((p) => p.file === document.uri)?.findings ?? [];
}
