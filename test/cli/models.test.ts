import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LLAMA_8B_CONFIG, REPO_ROOT } from '../helpers/fixtures';

// The bundled CLI finds models the catalog lacks in the directory's .inference-lens/models/
// and in the Hugging Face cache $HF_HOME points at (both made here, in a temporary folder).
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let dir = '';
let hfHome = '';

function run(env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}


const manifest = (model: string): string => `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: house }
spec:
  model: { id: ${model} }
  hardware: { instance: p5.48xlarge, region: us-east-1 }
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'inference-lens-cli-models-'));
  hfHome = join(dir, 'hf-home');
  const snapshot = join(hfHome, 'hub', 'models--acme--cached-8b', 'snapshots', 'abc123');
  mkdirSync(snapshot, { recursive: true });
  writeFileSync(join(snapshot, 'config.json'), JSON.stringify(LLAMA_8B_CONFIG));
  mkdirSync(join(dir, '.inference-lens', 'models'), { recursive: true });
  writeFileSync(join(dir, '.inference-lens', 'models', 'acme__local-8b.json'), JSON.stringify(LLAMA_8B_CONFIG));
  writeFileSync(join(dir, 'cached.yaml'), manifest('acme/cached-8b'));
  writeFileSync(join(dir, 'local.yaml'), manifest('acme/local-8b'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('cli: local model files', () => {
  it('estimates a model described in .inference-lens/models/ and one in the Hugging Face cache', () => {
    for (const file of ['local.yaml', 'cached.yaml']) {
      const result = run({ HF_HOME: hfHome }, 'check', file, '--format', 'json');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.ok(!result.stdout.includes('unknown-model'), result.stdout);
    }
  });

  it('still reports a model found nowhere, with the bundled catalog untouched', () => {
    const result = run({ HF_HOME: join(dir, 'no-such-home') }, 'check', 'cached.yaml');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /error unknown-model Unknown model "acme\/cached-8b"\./);
  });
});
