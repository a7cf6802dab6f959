// Entry point of the end-to-end suite inside the extension host. VS Code loads this
// module from `extensionTestsPath` and awaits `run()`: resolved means every test passed.
// Runner-agnostic on purpose: code-server driven by scripts/e2e/run.mjs loads it, and so
// would @vscode/test-electron on a machine that can download VS Code.
//
// Besides mocha's spec report it prints `N passed, N failed` and, when
// INFERENCE_LENS_E2E_RESULT names a file, writes the results there as JSON (the harness
// reads them: the extension host inherits the server's environment).
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Every line the suite prints starts with this, so the harness can pick them out of the workbench log. */
const MARK = '[inference-lens-e2e] ';

interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  readonly error?: string;
}

export function run(): Promise<void> {
  // Stacks of failures point into the TypeScript sources (the bundles carry inline maps).
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.INFERENCE_LENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.e2e.js')).sort()) mocha.addFile(join(__dirname, file));

  // The extension host forwards console output to the workbench log; mark the reporter's
  // lines so the harness can tell them from the workbench's own.
  const reporterBase = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = reporterBase.consoleLog;
  reporterBase.consoleLog = (...args: unknown[]) => console.log(MARK + format(...args).replace(/\n/g, `\n${MARK}`));

  const results: TestResult[] = [];
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown): void => {
      reporterBase.consoleLog = log;
      const passed = results.filter((r) => r.state === 'passed').length;
      const failed = results.filter((r) => r.state === 'failed').length;
      console.log(`${MARK}${passed} passed, ${failed} failed`);
      const file = process.env.INFERENCE_LENS_E2E_RESULT;
      if (file) {
        const loadError = error === undefined ? undefined : error instanceof Error ? (error.stack ?? error.message) : String(error);
        writeFileSync(file, JSON.stringify({ passed, failed, pending: results.filter((r) => r.state === 'pending').length, tests: results, loadError }, null, 2));
      }
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else if (failed > 0) reject(new Error(`${failed} end-to-end test(s) failed`));
      else if (passed === 0) reject(new Error('no end-to-end test ran'));
      else resolve();
    };
    try {
      const runner = mocha.run(() => finish());
      runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
      runner.on('fail', (test, error: unknown) =>
        results.push({
          title: test.fullTitle(),
          state: 'failed',
          durationMs: test.duration ?? 0,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      );
    } catch (error) {
      finish(error);
    }
  });
}
