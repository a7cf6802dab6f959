import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

// The CLI as npm users get it: `npm pack` of this repository (dist/ built by `npm test`),
// installed offline into an empty project, run with `npx inference-lens`. Everything the
// CLI needs is bundled into dist/cli.js, so the package has no dependencies to fetch.
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
let dir = '';
let project = '';

/** npm as the running `npm test` found it (cross-platform), else `npm` on PATH. */
function npm(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const options: SpawnSyncOptions = { cwd, encoding: 'utf8', timeout: 120_000 };
  const execpath = process.env['npm_execpath'];
  const result = execpath && /\.[cm]?js$/.test(execpath)
    ? spawnSync(process.execPath, [execpath, ...args], options)
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { ...options, shell: process.platform === 'win32' });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const CHECKED = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: broken }
spec:
  model: { id: llama-3.1-70b }
  hardware: { instance: p5.48xlarg }
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'inference-lens-pack-'));
  project = join(dir, 'project');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('the npm package', () => {
  let tarball = '';

  it('packs only what the CLI needs to run', () => {
    const packed = npm(REPO_ROOT, 'pack', '--json', '--pack-destination', dir);
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    assert.deepEqual(info.files.map((f) => f.path).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    tarball = join(dir, info.filename);
    assert.ok(existsSync(tarball));
  });

  it('installs offline into an empty project, and `npx inference-lens` runs --version and check', () => {
    assert.ok(tarball, 'packed by the previous test');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', private: true }));
    const installed = npm(project, 'install', '--offline', '--no-audit', '--no-fund', tarball);
    assert.equal(installed.code, 0, installed.stderr);

    const version = npm(project, 'exec', '--offline', '--', 'inference-lens', '--version');
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), manifest.version);

    writeFileSync(join(project, 'broken.yaml'), CHECKED);
    const check = npm(project, 'exec', '--offline', '--', 'inference-lens', 'check', 'broken.yaml');
    assert.equal(check.code, 1);
    assert.equal(
      check.stdout.trim(),
      'broken.yaml:6:25 error unknown-instance Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?',
    );
  });
});
