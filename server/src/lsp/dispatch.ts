import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/engine/analyze';
import type { Session } from './session';

/** Requests slower than this are logged with their duration. */
const SLOW_MS = 50;

export interface FeatureContext {
  readonly document: TextDocument;
  readonly analysis: Analysis;
  readonly session: Session;
}

/**
 * Wraps a feature's handler: finds the document and its analysis, turns an
 * exception into an error response for that request alone (logged), and logs
 * slow calls. A request for a document the server does not have gets `empty`.
 */
export function documentRequest<P extends { textDocument: { uri: string } }, R>(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  session: Session,
  feature: string,
  empty: R,
  handler: (context: FeatureContext, params: P) => R,
): (params: P) => Promise<R> {
  return async (params: P): Promise<R> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return empty;
    const started = performance.now();
    try {
      // A long file is analyzed in slices; a version superseded meanwhile is answered from the newest one.
      const analysis = (await session.analysisFor(document)) ?? session.analysisOf(documents.get(document.uri) ?? document);
      return handler({ document: documents.get(document.uri) ?? document, analysis, session }, params);
    } catch (error) {
      connection.console.error(`${feature} failed for ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `Inference Lens ${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_MS) connection.console.log(`${feature} took ${elapsed.toFixed(0)} ms for ${document.uri}`);
    }
  };
}
