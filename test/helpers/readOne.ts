import assert from 'node:assert/strict';
import type { Catalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';

/** The one deployment a manifest declares, from the whole analysis; the test fails when there is not exactly one. */
export function readOne(text: string, catalog: Catalog): AnalyzedDeployment {
  const analysis = analyze(text, catalog);
  assert.equal(analysis.deployments.length, 1, 'one deployment');
  return analysis.deployments[0]!;
}
