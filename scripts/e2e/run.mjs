// End-to-end tests of the packaged extension in a real VS Code (code-server), driven by
// Debian's Chromium through playwright-core. `npm run test:e2e` packages the .vsix first.
//
//   1. tools: Chromium, Node 24 and code-server, cached outside the repository (tools.mjs);
//   2. the mocha suite (test/e2e/suite/) is bundled into a throwaway runner extension,
//      out/e2e/runner/, that only carries the tests (the extension under test is not in it);
//   3. the .vsix is installed into a fresh extensions folder;
//   4. API suite: code-server with the smoke-test driver loads the runner as a development
//      extension and the suite as its `extensionTestsPath`; the workbench reports the result
//      through `codeAutomationExit` and the suite writes a JSON result file;
//   5. UI suite (test/e2e/ui/ui.mjs): a plain code-server, a person's clicks and keys,
//      screenshots in test/e2e/out/screenshots/ (ignored by git: a test run leaves the
//      checkout clean; `npm run screenshots:refresh` copies them over the tracked images).
// Prints a line per test and `N passed, N failed`; exits 1 on any failure or when no test ran.
//
// Environment: INFERENCE_LENS_E2E_CACHE (tool cache), INFERENCE_LENS_E2E_GREP (only API
// tests whose title matches), INFERENCE_LENS_E2E_SUITES=api,ui (which suites to run).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { freePort, installVsix, launchBrowser, packagedVsix, REPO, seedUserSettings, startCodeServer } from './codeServer.mjs';
import { buildRunner, RUNNER, scratchWorkspace, suiteEnv } from './runner.mjs';
import { ensureTools } from './tools.mjs';
import { runUiSuite } from '../../test/e2e/ui/ui.mjs';

const RUN = join(REPO, 'out', 'e2e', 'run');
const SCREENSHOTS = join(REPO, 'test', 'e2e', 'out', 'screenshots');
/** Lines of the suite carry this mark in the workbench log (see test/e2e/suite/index.ts). */
const MARK = '[inference-lens-e2e] ';
const API_TIMEOUT_MS = 5 * 60_000;

const started = Date.now();
const elapsed = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[e2e] ${message}`);

async function runApiSuite(tools, extensionsDir, version, suiteIndex) {
  const dir = join(RUN, 'api');
  const userDataDir = join(dir, 'user-data');
  const resultFile = join(dir, 'result.json');
  const workspace = scratchWorkspace(join(dir, 'workspace'));
  seedUserSettings(userDataDir);
  const port = await freePort();
  const env = suiteEnv({ resultFile, extensionsDir, version });
  const server = await startCodeServer({ tools, port, userDataDir, extensionsDir, logFile: join(dir, 'code-server.log'), smokeTestDriver: true, env });
  say(`API suite: code-server on ${server.url} (${elapsed()})`);
  const { context, page } = await launchBrowser(tools, join(dir, 'browser-profile'));
  const workbenchLog = [];
  let sawSuiteOutput = false;
  try {
    // Both functions must exist before the workbench loads: it calls them as the suite runs.
    let exitCode;
    let reportExit;
    const exited = new Promise((resolve) => {
      reportExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      reportExit(code);
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      workbenchLog.push(`[${type}] ${line}`);
      for (const part of line.split('\n')) {
        const at = part.indexOf(MARK);
        if (at >= 0) {
          sawSuiteOutput = true;
          const text = part.slice(at + MARK.length).trimEnd();
          console.log(text ? `  ${text}` : '');
        }
      }
    });
    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(RUNNER)],
      ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), API_TIMEOUT_MS);
    });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') say(`API suite: no result after ${API_TIMEOUT_MS / 1000} s`);
    else say(`API suite: the workbench reported exit code ${exitCode} (${elapsed()})`);
  } finally {
    writeFileSync(join(dir, 'workbench.log'), workbenchLog.join('\n'));
    await context.close();
    await server.stop();
    rmSync(join(dir, 'browser-profile'), { recursive: true, force: true });
  }
  if (!existsSync(resultFile)) {
    return [{ title: 'API suite', state: 'failed', durationMs: 0, error: `the suite wrote no result; see ${join(dir, 'workbench.log')}` }];
  }
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  const tests = result.tests.map((t) => ({ ...t, title: `[api] ${t.title}` }));
  if (result.loadError) tests.push({ title: '[api] loading the suite', state: 'failed', durationMs: 0, error: result.loadError });
  if (!sawSuiteOutput) for (const t of tests) printTest(t);
  return tests;
}

async function runUi(tools, extensionsDir) {
  const dir = join(RUN, 'ui');
  const userDataDir = join(dir, 'user-data');
  const workspace = scratchWorkspace(join(dir, 'workspace'));
  seedUserSettings(userDataDir);
  const port = await freePort();
  const server = await startCodeServer({ tools, port, userDataDir, extensionsDir, logFile: join(dir, 'code-server.log') });
  say(`UI suite: code-server on ${server.url} (${elapsed()})`);
  const { context, page } = await launchBrowser(tools, join(dir, 'browser-profile'));
  try {
    mkdirSync(SCREENSHOTS, { recursive: true });
    return await runUiSuite({ page, url: `${server.url}/?folder=${encodeURIComponent(workspace)}`, screenshots: SCREENSHOTS, artifacts: dir, onTest: printTest });
  } finally {
    await context.close();
    await server.stop();
    rmSync(join(dir, 'browser-profile'), { recursive: true, force: true });
  }
}

function printTest(test) {
  const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✘' : '-';
  console.log(`  ${mark} ${test.title} (${test.durationMs} ms)`);
}

async function main() {
  const suites = new Set((process.env.INFERENCE_LENS_E2E_SUITES ?? 'api,ui').split(',').map((s) => s.trim()));
  const tools = ensureTools();
  const { vsix, version } = packagedVsix();
  const suiteIndex = await buildRunner();
  say(`suite bundled into ${RUNNER} (${elapsed()})`);
  rmSync(RUN, { recursive: true, force: true });
  const extensionsDir = join(RUN, 'extensions');
  installVsix(tools, vsix, extensionsDir, join(RUN, 'install-user-data'));
  say(`installed ${vsix} into ${extensionsDir} (${elapsed()})`);

  const tests = [];
  /** @type {[string, () => Promise<any[]>][]} */
  const suitesToRun = [
    ['api', () => runApiSuite(tools, extensionsDir, version, suiteIndex)],
    ['ui', () => runUi(tools, extensionsDir)],
  ];
  for (const [name, run] of suitesToRun) {
    if (!suites.has(name)) continue;
    const since = Date.now();
    try {
      tests.push(...(await run()));
    } catch (error) {
      const failure = { title: `${name} suite`, state: 'failed', durationMs: Date.now() - since, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      printTest(failure);
      tests.push(failure);
    }
    say(`${name} suite done in ${elapsed(since)}`);
  }

  const failed = tests.filter((t) => t.state === 'failed');
  const passed = tests.filter((t) => t.state === 'passed');
  if (failed.length > 0) {
    console.log('\nFailures:');
    failed.forEach((t, i) => console.log(`\n${i + 1}) ${t.title}\n${(t.error ?? '').split('\n').slice(0, 12).map((l) => `   ${l}`).join('\n')}`));
  }
  console.log(`\nlogs: ${RUN}/{api,ui}/; screenshots: ${SCREENSHOTS}; total ${elapsed()}`);
  console.log(`${passed.length} passed, ${failed.length} failed`);
  return failed.length === 0 && passed.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[e2e] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
