import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentRequest } from '../../server/src/lsp/dispatch';
import { Session } from '../../server/src/lsp/session';

describe('crash containment', () => {
  const logged: string[] = [];
  const connection = { console: { error: (m: string) => logged.push(m), log: (m: string) => logged.push(m) } } as unknown as Connection;
  const document = TextDocument.create('file:///x.yaml', 'yaml', 1, 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\n');
  const documents = { get: (uri: string) => (uri === document.uri ? document : undefined) } as unknown as TextDocuments<TextDocument>;
  const session = new Session();

  it('turns an exception in a feature into an error response for that request alone, and logs it', async () => {
    const failing = documentRequest(connection, documents, session, 'hover', null, () => {
      throw new Error('boom');
    });
    await assert.rejects(failing({ textDocument: { uri: document.uri } }), (error: unknown) => error instanceof ResponseError && /Inference Lens hover failed: boom/.test(error.message));
    assert.ok(logged.some((line) => line.startsWith('hover failed for file:///x.yaml: Error: boom')));
    const working = documentRequest(connection, documents, session, 'code lens', [], ({ analysis }) => analysis.findings.map((f) => f.code));
    assert.ok((await working({ textDocument: { uri: document.uri } })).length > 0, 'the next request is answered');
  });

  it('answers the empty result for a document it does not have', async () => {
    const handler = documentRequest(connection, documents, session, 'hover', null, () => 'never');
    assert.equal(await handler({ textDocument: { uri: 'file:///unknown.yaml' } }), null);
  });
});
