import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze, type AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { compareHardware } from '../../server/src/core/engine/compare';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import { fixOptions, type Finding } from '../../server/src/core/findings';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';
import type { OffsetEdit } from '../../server/src/core/span';
import { REPO_ROOT } from '../helpers/fixtures';

/**
 * Every edit the product offers, applied to every manifest the repository keeps
 * (the examples and the real-world corpus): the YAML still parses into the same
 * documents, the deployments keep their names and models, a fix removes the
 * finding it targets without adding errors, and an Apply from Compare Hardware
 * produces exactly the configuration Compare estimated.
 */

const FOLDERS = ['examples', join('test', 'fixtures', 'real-world')];
const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

function yamlFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function apply(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

/** The documents' shape: how many, and whether each parses without errors. */
function documentsOf(text: string): string[] {
  return parseAllDocuments(text).map((d) => (d.errors.length > 0 ? `error: ${d.errors[0]?.message ?? ''}` : 'ok'));
}

function identity(d: AnalyzedDeployment): string {
  return `${d.spec.name} serving ${d.spec.model?.value ?? '(no model)'}`;
}

function errorCodes(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code));
}

interface Tally {
  tried: number;
  safe: number;
  problems: string[];
}

function check(tally: Tally, label: string, problems: string[]): void {
  tally.tried++;
  if (problems.length === 0) tally.safe++;
  else tally.problems.push(`${label}: ${problems.join('; ')}`);
}

/** What went wrong when `edited` replaced `text`, for an edit meant to keep every deployment's identity. */
function damage(text: string, edited: string, before: readonly AnalyzedDeployment[], modelMayChange: boolean): { problems: string[]; after: readonly AnalyzedDeployment[] } {
  const problems: string[] = [];
  if (JSON.stringify(documentsOf(edited)) !== JSON.stringify(documentsOf(text))) problems.push(`documents changed: ${documentsOf(edited).join(', ')}`);
  const after = analyze(edited, catalog).deployments;
  if (after.length !== before.length) problems.push(`${before.length} deployments became ${after.length}`);
  before.forEach((d, i) => {
    const now = after[i];
    if (!now) return;
    if (now.spec.name !== d.spec.name) problems.push(`name ${d.spec.name} became ${now.spec.name}`);
    if (!modelMayChange && now.spec.model?.value !== d.spec.model?.value) problems.push(`model of ${identity(d)} became ${now.spec.model?.value}`);
  });
  return { problems, after };
}

const files = FOLDERS.flatMap((folder) => yamlFiles(join(REPO_ROOT, folder)));

describe('every offered edit is safe on every manifest in the repository', () => {
  const fixes: Tally = { tried: 0, safe: 0, problems: [] };
  const applies: Tally = { tried: 0, safe: 0, problems: [] };
  const manual = { count: 0 };

  for (const file of files) {
    const name = relative(REPO_ROOT, file);
    const text = readFileSync(file, 'utf8');
    const analysis = analyze(text, catalog);

    for (const finding of analysis.findings) {
      for (const option of finding.fix ? fixOptions(finding.fix) : []) {
        const edited = apply(text, option.edits);
        const { problems, after } = damage(text, edited, analysis.deployments, finding.code === 'unknown-model');
        const afterFindings = after.flatMap((d) => d.findings);
        const owner = analysis.deployments.findIndex((d) => d.findings.includes(finding));
        const target = owner >= 0 ? after[owner]?.findings : analyze(edited, catalog).findings;
        if ((target ?? []).some((f) => f.code === finding.code && f.message === finding.message)) problems.push(`the ${finding.code} finding is still there`);
        // A name fixed lets the checks that need it run: what they find was there before, unseen.
        const unlocks = finding.code.startsWith('unknown-');
        const newErrors = unlocks ? [] : [...errorCodes(afterFindings)].filter((code) => !errorCodes(analysis.findings).has(code));
        if (newErrors.length > 0) problems.push(`new errors: ${newErrors.join(', ')}`);
        check(fixes, `${name}: ${finding.code} "${option.title}"`, problems);
      }
    }

    for (const [index, deployment] of analysis.deployments.entries()) {
      const comparison = compareHardware(deployment, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
      for (const option of comparison?.options ?? []) {
        if (option.move.kind === 'manual') {
          manual.count++;
          continue;
        }
        const edited = apply(text, option.move.edits);
        const { problems, after } = damage(text, edited, analysis.deployments, false);
        const moved = after[index];
        const expected = option.analyzed.resolution;
        if (moved) {
          const got = moved.resolution;
          if (got.instance?.id !== option.instance.id) problems.push(`instance is ${got.instance?.id}, not ${option.instance.id}`);
          if (got.acceleratorsPerReplica !== expected.acceleratorsPerReplica) problems.push(`${got.acceleratorsPerReplica} accelerators per replica, Compare had ${expected.acceleratorsPerReplica}`);
          if (got.tensor !== expected.tensor || got.pipeline !== expected.pipeline) problems.push(`tensor × pipeline ${got.tensor} × ${got.pipeline}, Compare had ${expected.tensor} × ${expected.pipeline}`);
          if (got.precision !== expected.precision) problems.push(`precision ${got.precision}, Compare had ${expected.precision}`);
          const cost = moved.estimate?.costPerHour ?? null;
          const shown = option.estimate.costPerHour;
          if ((cost === null) !== (shown === null) || (cost !== null && shown !== null && Math.abs(cost - shown) > shown * 0.005)) problems.push(`$${cost}/h, Compare showed $${shown}/h`);
        }
        check(applies, `${name}: ${identity(deployment)} → ${option.instance.id}`, problems);
      }
    }
  }

  it('reads a corpus of manifests', () => {
    assert.ok(files.length >= 15, `${files.length} files`);
  });

  it('every quick fix parses, keeps names and models, removes its finding and adds no error', () => {
    console.log(`edit safety: quick fixes ${fixes.safe} of ${fixes.tried} safe`);
    assert.deepEqual(fixes.problems, []);
    assert.ok(fixes.tried > 0);
  });

  it('every Apply from Compare Hardware produces the configuration Compare estimated', () => {
    console.log(`edit safety: Compare Apply ${applies.safe} of ${applies.tried} safe; ${manual.count} rows need manual changes`);
    assert.deepEqual(applies.problems.slice(0, 20), []);
    assert.ok(applies.tried > 0);
  });
});
