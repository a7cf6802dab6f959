import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exampleTexts, fuzz } from '../../bench/fuzzing';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { REPO_ROOT } from '../helpers/fixtures';

describe('fuzzing (a short run; npm run bench:fuzz runs 100,000 cases)', () => {
  it('holds every invariant on 1,500 generated and mutated manifests', () => {
    const report = fuzz(exampleTexts(join(REPO_ROOT, 'examples')), loadCatalog(BUNDLED_CATALOG).catalog, { seed: 20261125, count: 1500 });
    assert.equal(report.failures, 0, `${report.error}\n${report.counterexample}`);
    assert.equal(report.cases, 1500);
  });
});
