// The extension-host suite (test/e2e/suite/) in desktop VS Code through @vscode/test-electron:
// the second runner of the one suite, for machines that can download VS Code (CI on Linux
// runs it under `xvfb-run`). `npm run test:vscode` packages the .vsix first.
//
//   1. VS Code is downloaded into ~/.cache/inference-lens-e2e/vscode/ (or
//      $INFERENCE_LENS_E2E_CACHE/vscode), once; where Microsoft's update server cannot be
//      reached the script says so within seconds and exits 1, instead of waiting;
//   2. the .vsix is installed into a fresh --extensions-dir with VS Code's own CLI;
//   3. VS Code opens a scratch copy of test/e2e/workspace/ with the runner extension
//      (scripts/e2e/runner.mjs) as extensionDevelopmentPath and the suite's index.js as
//      extensionTestsPath, like code-server does in run.mjs.
// Prints the suite's lines and `N passed, N failed`; exits 1 on any failure.
//
// Environment: INFERENCE_LENS_VSCODE_VERSION (default: stable), INFERENCE_LENS_E2E_GREP.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packagedVsix, REPO, seedUserSettings } from './codeServer.mjs';
import { buildRunner, RUNNER, scratchWorkspace, suiteEnv } from './runner.mjs';
import { cacheDir } from './tools.mjs';

const RUN = join(REPO, 'out', 'e2e', 'vscode');
const UPDATE_SERVER = 'https://update.code.visualstudio.com/api/releases/stable';
const REACH_TIMEOUT_MS = 10_000;
const say = (message) => console.log(`[test:vscode] ${message}`);

/** Fails fast, with the reason, where VS Code cannot be downloaded. */
async function assertCanDownload() {
  try {
    const response = await fetch(UPDATE_SERVER, { signal: AbortSignal.timeout(REACH_TIMEOUT_MS), method: 'HEAD' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Error(
      `VS Code cannot be downloaded here: ${new URL(UPDATE_SERVER).host} is not reachable (${reason}).\n` +
        'npm run test:vscode needs that server; `npm run test:e2e` runs the same suite in code-server from the npm registry.',
      { cause: error },
    );
  }
}

async function main() {
  const { vsix, version } = packagedVsix();
  await assertCanDownload();
  const { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } = await import('@vscode/test-electron');
  const vscodeExecutablePath = await downloadAndUnzipVSCode({
    version: process.env.INFERENCE_LENS_VSCODE_VERSION || 'stable',
    cachePath: join(cacheDir(), 'vscode'),
    timeout: 60_000,
  });
  say(`VS Code at ${vscodeExecutablePath}`);

  rmSync(RUN, { recursive: true, force: true });
  const extensionsDir = join(RUN, 'extensions');
  const userDataDir = join(RUN, 'user-data');
  const resultFile = join(RUN, 'result.json');
  seedUserSettings(userDataDir);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const installed = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--user-data-dir', join(RUN, 'install-user-data'), '--install-extension', vsix], {
    encoding: 'utf8',
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (installed.status !== 0) throw new Error(`installing ${vsix} failed (exit ${installed.status})`);
  say(`installed ${vsix} into ${extensionsDir}`);

  const suiteIndex = await buildRunner();
  const workspace = scratchWorkspace(join(RUN, 'workspace'));
  const extensionTestsEnv = suiteEnv({ resultFile, extensionsDir, version });
  let exitCode = 1;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: RUNNER,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv,
      launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
  } catch (error) {
    say(`VS Code exited with a failure: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!existsSync(resultFile)) {
    console.log('0 passed, 1 failed (the suite wrote no result)');
    return 1;
  }
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  console.log(`${result.passed} passed, ${result.failed} failed`);
  return exitCode === 0 && result.failed === 0 && result.passed > 0 && !result.loadError ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test:vscode] ${error instanceof Error ? error.message : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
