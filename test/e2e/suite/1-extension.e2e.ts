// The extension under test is the packaged .vsix, installed into the editor's extensions
// folder by the harness — never the source folder — and it activates on YAML.
import assert from 'node:assert/strict';
import { existsSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, report, revertAndCloseAll, waitFor, waitForLenses } from './helpers';

describe('the installed extension', () => {
  after(revertAndCloseAll);

  it('is the packaged .vsix in the extensions folder, not the source folder', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const path = realpathSync(extension.extensionPath);
    const extensionsDir = process.env.INFERENCE_LENS_E2E_EXTENSIONS_DIR;
    if (extensionsDir) assert.ok(path.startsWith(realpathSync(extensionsDir) + sep), `${path} is inside ${extensionsDir}`);
    const repo = process.env.INFERENCE_LENS_E2E_REPO;
    if (repo) assert.notEqual(path, realpathSync(repo));
    const version = process.env.INFERENCE_LENS_E2E_VERSION;
    if (version) assert.equal((extension.packageJSON as { version: string }).version, version);
    assert.ok(existsSync(join(path, 'dist', 'extension.js')), 'the client bundle is shipped');
    assert.ok(existsSync(join(path, 'dist', 'server.js')), 'the server bundle is shipped');
    assert.ok(!existsSync(join(path, 'server', 'src')), 'sources are not shipped');
    assert.ok(!existsSync(join(path, 'node_modules')), 'everything is bundled');
  });

  it('activates when a YAML file opens, and shows the first code lens soon after (timed)', async () => {
    // The first YAML opened in this host: the clock runs from opening it (which activates
    // the extension and starts the server) to the first lens with a cost on it.
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, false, 'not active before a YAML file opens');
    const opened = Date.now();
    const document = await openFixture('chat-70b.yaml');
    await waitFor('the extension to activate', () => (extension?.isActive ? true : undefined), 20_000);
    const activated = Date.now();
    await waitForLenses(document.uri, (titles) => titles.some((t) => t.includes('/h')), 'a cost lens');
    const lensed = Date.now();
    report(`activation → first code lens: ${lensed - opened} ms (activated after ${activated - opened} ms, lens ${lensed - activated} ms later)`);
    // The target is 1 s; the bound leaves room for a busy shared CI machine.
    assert.ok(lensed - opened < 10_000, `first lens after ${lensed - opened} ms`);
  });
});
