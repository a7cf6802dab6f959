import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outsideReferences, repositoryOutsideReferences, scannedFiles } from '../helpers/selfContained';
import { REPO_ROOT } from '../helpers/fixtures';

describe('the repository is self-contained', () => {
  it('no source, test, script, workflow or config file references a path outside the repository', () => {
    const files = scannedFiles(REPO_ROOT);
    // The scan reaches every kind of file it is meant to guard.
    for (const expected of ['server/src/cli/main.ts', 'test/unit/docs.test.ts', 'scripts/e2e/run.mjs', 'esbuild.mjs', 'tsconfig.json', '.ci/run', '.github/workflows/ci.yml', 'action.yml']) {
      assert.ok(files.includes(expected), `${expected} is scanned`);
    }
    const found = repositoryOutsideReferences(REPO_ROOT).map((r) => `${r.file}:${r.line} ${r.text} (${r.why})`);
    assert.deepEqual(found, []);
  });

  it('finds a calibration file read from a sibling folder', () => {
    const found = outsideReferences('test/unit/accuracy.test.ts', "const rows = readFileSync('../shared/reference/calibration.csv');");
    assert.deepEqual(found.map((f) => [f.line, f.text]), [[1, "'../shared/reference/calibration.csv'"]]);
  });

  it('finds relative imports and configs that climb above the root, and allows those that stay inside', () => {
    assert.equal(outsideReferences('server/src/cli/main.ts', "import x from '../../../schemas/a.json';").length, 0);
    assert.equal(outsideReferences('server/src/cli/main.ts', "import x from '../../../../schemas/a.json';").length, 1);
    assert.equal(outsideReferences('extension/webview/tsconfig.json', '"extends": "../../tsconfig.json"').length, 0);
    assert.equal(outsideReferences('tsconfig.json', '"extends": "../tsconfig.base.json"').length, 1);
    assert.equal(outsideReferences('test/unit/x.test.ts', "import { analyze } from '../../server/src/core/engine/analyze';").length, 0);
    assert.equal(outsideReferences('test/unit/x.test.ts', "const x = await import('../../../shared/x.js');").length, 1);
    assert.equal(outsideReferences('.github/workflows/ci.yml', 'working-directory: "server\\\\..\\\\bench"').length, 0);
    assert.equal(outsideReferences('.github/workflows/ci.yml', "run: cat '..\\..\\..\\other'").length, 1);
  });

  it('resolves __dirname from where the bundled file runs', () => {
    // test/unit/x.test.ts runs as out/test/unit/x.test.js: three levels reach the root, four leave it.
    assert.equal(outsideReferences('test/unit/x.test.ts', "join(__dirname, '..', '..', '..', 'bench')").length, 0);
    assert.equal(outsideReferences('test/unit/x.test.ts', "join(__dirname, '..', '..', '..', '..', 'shared')").length, 1);
    assert.equal(outsideReferences('bench/fit.ts', "join(__dirname, '..', '..', 'bench')").length, 0);
    assert.equal(outsideReferences('bench/fit.ts', "join(__dirname, '..', '..', '..', 'shared')").length, 1);
    assert.equal(outsideReferences('scripts/e2e/run.mjs', "join(dirname(fileURLToPath(import.meta.url)), '..', '..')").length, 0);
    assert.equal(outsideReferences('scripts/e2e/run.mjs', "join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')").length, 1);
  });

  it('skips templates, which name no one path', () => {
    assert.equal(outsideReferences('eslint.config.mjs', 'group: [`../${upper}/*`],').length, 0);
  });

  it('skips a line that marks its path as an example', () => {
    assert.equal(outsideReferences('test/unit/x.test.ts', "toPathspec(repo, cwd, '../other'); // path example").length, 0);
  });

  it('finds absolute paths into a machine, POSIX and Windows', () => {
    assert.equal(outsideReferences('scripts/x.mjs', "const data = '/work/shared/e2e.md';").length, 1);
    assert.equal(outsideReferences('scripts/x.mjs', 'cp /home/me/calibration.csv bench/').length, 1);
    assert.equal(outsideReferences('scripts/x.mjs', "const data = 'C:\\\\Users\\\\me\\\\x.csv';").length, 1);
    assert.equal(outsideReferences('scripts/x.mjs', "const chromium = '/usr/bin/chromium';").length, 0);
    assert.equal(outsideReferences('README.yml', 'url: https://example.com/work/x').length, 0);
  });
});
