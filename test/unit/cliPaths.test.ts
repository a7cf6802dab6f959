import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, win32 } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { lineCounterFor } from '../../server/src/cli/positions';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { diffDeployments } from '../../server/src/cli/diff';
import { expandInputs } from '../../server/src/cli/files';
import { jsonFindings, sarifFindings } from '../../server/src/cli/findingsOutput';
import { GitError, toPathspec } from '../../server/src/cli/git';

// What the CLI does with paths and text from Windows: backslashes, drive letters, CRLF
// line ends and a byte-order mark, checked on any machine with node's win32 path rules.
const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

const BROKEN = [
  'apiVersion: inference-lens/v1',
  'kind: InferenceDeployment',
  'metadata: { name: broken }',
  'spec:',
  '  model: { id: llama-3.1-70b }',
  '  hardware: { instance: p5.48xlarg }',
  '',
].join('\n');
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

describe('CLI paths on Windows', () => {
  const repo = { top: 'C:\\src\\repo' };

  it('turns backslashed, drive-lettered and forward-slashed paths into repository pathspecs with /', () => {
    assert.equal(toPathspec(repo, 'C:\\src\\repo', 'deploy\\chat.yaml', win32), 'deploy/chat.yaml');
    assert.equal(toPathspec(repo, 'C:\\src\\repo\\deploy', '..\\examples', win32), 'examples'); // path example
    assert.equal(toPathspec(repo, 'C:\\src\\repo\\deploy', '.', win32), 'deploy');
    assert.equal(toPathspec(repo, 'C:\\src\\repo', 'C:\\src\\repo\\deploy\\prod', win32), 'deploy/prod');
    assert.equal(toPathspec(repo, 'c:\\src\\repo', 'c:\\src\\repo\\deploy', win32), 'deploy', 'drive letters compare without case');
    assert.equal(toPathspec({ top: 'C:/src/repo' }, 'C:\\src\\repo', 'deploy/chat.yaml', win32), 'deploy/chat.yaml', 'git prints the top with /');
    assert.equal(toPathspec(repo, 'C:\\src\\repo', '.', win32), '.');
  });

  it('refuses paths on another drive or above the repository', () => {
    assert.throws(() => toPathspec(repo, 'C:\\src\\repo', 'D:\\deploy', win32), GitError);
    assert.throws(() => toPathspec(repo, 'C:\\src\\repo', '..\\other', win32), GitError); // path example
    assert.throws(() => toPathspec({ top: '/srv/repo' }, '/srv/repo', '../other', posix), GitError); // path example
  });

  it('writes SARIF URIs with / whatever separator the path had', () => {
    const file = { path: 'deploy\\prod\\chat.yaml', analysis: analyze(BROKEN, catalog), lines: lineCounterFor(BROKEN) };
    const sarif = JSON.parse(sarifFindings([file], '0.0.0'));
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'deploy/prod/chat.yaml');
  });
});

describe('CLI text with CRLF line ends and a byte-order mark', () => {
  it('reports the same lines and columns for CRLF as for LF', () => {
    const lf = JSON.parse(jsonFindings([{ path: 'x.yaml', analysis: analyze(BROKEN, catalog), lines: lineCounterFor(BROKEN) }]));
    const text = crlf(BROKEN);
    const windows = JSON.parse(jsonFindings([{ path: 'x.yaml', analysis: analyze(text, catalog), lines: lineCounterFor(text) }]));
    assert.deepEqual(windows, lf);
    assert.deepEqual(
      lf.files[0].findings.map((f: { code: string; line: number; column: number; endColumn: number }) => [f.code, f.line, f.column, f.endColumn]),
      [['unknown-instance', 6, 25, 35]],
    );
  });

  it('reads a file saved with a byte-order mark and CRLF as the same manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inference-lens-crlf-'));
    try {
      writeFileSync(join(dir, 'bom.yaml'), `\ufeff${crlf(BROKEN)}`);
      const [file] = expandInputs([join(dir, 'bom.yaml')]).files;
      assert.ok(file);
      assert.equal(file.text.charCodeAt(0), 'a'.charCodeAt(0));
      assert.equal(analyze(file.text, catalog).findings[0]?.code, 'unknown-instance');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('diff calls a deployment unchanged when only its line ends changed (a CRLF checkout against LF history)', () => {
    const valid = BROKEN.replace('p5.48xlarg', 'p5.48xlarge');
    const result = diffDeployments([{ path: 'deploy/chat.yaml', text: valid }], [{ path: 'deploy/chat.yaml', text: crlf(valid) }], catalog);
    assert.deepEqual(result.deployments.map((d) => d.change), ['unchanged']);
    assert.deepEqual(result.introducedFindings, []);
  });
});
