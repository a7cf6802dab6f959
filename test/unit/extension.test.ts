import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { escapeHtml, webviewHtml } from '../../extension/src/webviewHtml';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { COMMANDS } from '../../server/src/shared/protocol';
import { newManifestText } from '../../server/src/shared/template';
import { REPO_ROOT } from '../helpers/fixtures';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('the extension manifest', () => {
  it('activates on YAML only, never on everything', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
  });

  it('contributes every command under one category, shown only where it makes sense', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Inference Lens', c.command);
    const palette = new Map(manifest.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const command of [COMMANDS.compareHardware, COMMANDS.estimateDeployment, COMMANDS.showEstimateDetails]) assert.equal(palette.get(command), 'editorLangId == yaml');
    assert.equal(palette.get(COMMANDS.applyAlternative), 'false', 'only the comparison view applies alternatives');
  });

  it('declares limited support for untrusted workspaces, restricting the catalog paths', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['inferenceLens.catalog.paths']);
  });

  it('ships only what runs: .vscodeignore is an allow-list', () => {
    const lines = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    assert.ok(lines.slice(1).every((l) => l.startsWith('!')));
    for (const needed of ['!dist/extension.js', '!dist/server.js', '!media/**', '!snippets/**', '!package.json']) assert.ok(lines.includes(needed), needed);
  });
});

describe('New Inference Manifest', () => {
  it('writes a manifest the engine checks without errors', () => {
    const text = newManifestText({ model: 'llama-3.1-70b', instance: 'p5.48xlarge', region: 'us-east-1', inputTokens: 2048, outputTokens: 512, concurrency: 32 });
    const analysis = analyze(text, loadCatalog(BUNDLED_CATALOG).catalog);
    assert.equal(analysis.deployments.length, 1);
    assert.deepEqual(analysis.findings, []);
    assert.equal(analysis.deployments[0]?.spec.name, 'llama-3-1-70b-p5-48xlarge');
    assert.equal(analysis.deployments[0]?.resolution.concurrency, 32);
  });
});

describe('webview HTML', () => {
  const webview = {
    cspSource: 'https://webview.example',
    asWebviewUri: (uri: { path: string }) => ({ toString: () => `https://webview.example${uri.path}` }),
  } as unknown as vscode.Webview;
  const media = { path: '/ext/media', with: (change: { path: string }) => ({ path: change.path }) } as unknown as vscode.Uri;

  it('has a strict Content-Security-Policy with a nonce and no remote or inline script', () => {
    const html = webviewHtml(webview, media, 'Compare <b>hardware</b>');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, 'a random nonce');
    assert.match(csp, /^default-src 'none'; /);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!webview\.example)/);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    assert.deepEqual(scripts, [` nonce="${nonce}" src="https://webview.example/ext/media/webview.js"`]);
    assert.match(html, /<title>Compare &lt;b&gt;hardware&lt;\/b&gt;<\/title>/);
  });

  it('escapes text it puts in HTML', () => {
    assert.equal(escapeHtml(`<img src=x onerror="alert('x')">&`), '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });
});
