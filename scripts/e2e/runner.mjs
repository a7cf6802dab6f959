// The extension-host suite (test/e2e/suite/) bundled into a throwaway runner extension, and
// scratch copies of the fixture workspace: shared by both runners of the one suite,
// code-server (run.mjs) and desktop VS Code through @vscode/test-electron (electron.mjs).
import { cpSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO } from './codeServer.mjs';

export const RUNNER = join(REPO, 'out', 'e2e', 'runner');
const WORKSPACE = join(REPO, 'test', 'e2e', 'workspace');

/** Bundles the suite into the runner extension: one file per test module plus index.js. */
export async function buildRunner() {
  rmSync(RUNNER, { recursive: true, force: true });
  const suite = join(REPO, 'test', 'e2e', 'suite');
  const entryPoints = { index: join(suite, 'index.ts') };
  for (const name of readdirSync(suite)) if (name.endsWith('.e2e.ts')) entryPoints[name.slice(0, -'.ts'.length)] = join(suite, name);
  await esbuild.build({
    entryPoints,
    outdir: join(RUNNER, 'dist', 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  // A development extension that contributes nothing and never activates: it exists so
  // the workbench has an extension whose tests to run. Mocha resolves from the repo.
  writeFileSync(
    join(RUNNER, 'package.json'),
    JSON.stringify({ name: 'inference-lens-e2e-runner', publisher: 'inference-lens', version: '0.0.0', private: true, engines: { vscode: '^1.95.0' } }, null, 2),
  );
  symlinkSync(join(REPO, 'node_modules'), join(RUNNER, 'node_modules'), 'dir');
  return join(RUNNER, 'dist', 'suite', 'index.js');
}

/** A scratch copy of the fixture workspace, so no test can change the repository's files. */
export function scratchWorkspace(dir) {
  rmSync(dir, { recursive: true, force: true });
  cpSync(WORKSPACE, dir, { recursive: true });
  return dir;
}


/**
 * What the suite reads from its environment: where to write its result, the extensions it
 * may check, the repository and the version under test, and an optional test filter.
 * @param {{ resultFile: string, extensionsDir: string, version: string }} run
 * @returns {Record<string, string>}
 */
export function suiteEnv({ resultFile, extensionsDir, version }) {
  /** @type {Record<string, string>} */
  const env = {
    INFERENCE_LENS_E2E_RESULT: resultFile,
    INFERENCE_LENS_E2E_EXTENSIONS_DIR: extensionsDir,
    INFERENCE_LENS_E2E_REPO: REPO,
    INFERENCE_LENS_E2E_VERSION: version,
  };
  if (process.env.INFERENCE_LENS_E2E_GREP) env.INFERENCE_LENS_E2E_GREP = process.env.INFERENCE_LENS_E2E_GREP;
  return env;
}
