import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CodeLensRequest, CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { CompareRequest } from '../../server/src/shared/protocol';
import { LspClient, SERVER } from '../helpers/lspClient';
import { REPO_ROOT } from '../helpers/fixtures';

const NO_NETWORK = join(REPO_ROOT, 'test', 'helpers', 'no-network.cjs');

describe('no network at run time', () => {
  it('the CLI checks and estimates every example without touching the network', () => {
    const result = spawnSync(process.execPath, ['-r', NO_NETWORK, join(REPO_ROOT, 'dist', 'cli.js'), 'report', join(REPO_ROOT, 'examples')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /NETWORK CALL/);
    assert.match(result.stdout, /deployments/);
    const estimate = spawnSync(process.execPath, ['-r', NO_NETWORK, join(REPO_ROOT, 'dist', 'cli.js'), 'estimate', join(REPO_ROOT, 'examples', 'chat-70b-h100.yaml'), '--json'], { encoding: 'utf8' });
    assert.doesNotMatch(estimate.stderr, /NETWORK CALL/);
  });

  it('the language server answers every feature without touching the network', async () => {
    const client = new LspClient([process.execPath, '-r', NO_NETWORK, SERVER, '--stdio']);
    try {
      await client.initialize(null, {});
      const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nmetadata: { name: x }\nspec:\n  model: { id: llama-3.1-70b }\n  hardware: { instance: p5.48xlarge, region: us-east-1 }\n';
      const uri = 'file:///network/x.yaml';
      await client.open(uri, text);
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 26 } });
      await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 26 } });
      await client.connection.sendRequest(CompareRequest, { uri, offset: 70 });
      assert.deepEqual(client.logs.filter((l) => /NETWORK|network call/.test(l)), []);
    } finally {
      await client.stop();
    }
  });
});
