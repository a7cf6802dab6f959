import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineCounterFor } from '../../server/src/cli/positions';
import { analyze, AnalysisCache } from '../../server/src/core/engine/analyze';
import { splitDocuments } from '../../server/src/core/engine/chunks';
import { MAX_ALIAS_EXPANSIONS } from '../../server/src/core/yaml/document';
import { manifest, spanAfter, spanOf, testCatalog } from '../helpers/fixtures';

describe('parsing keeps spans', () => {
  it('locates every field it reads at its value', () => {
    const text = manifest();
    const { deployments } = analyze(text, testCatalog());
    const spec = deployments[0]?.spec;
    assert.ok(spec);
    assert.equal(spec.name, 'test-deployment');
    assert.deepEqual(spec.anchor, spanOf(text, 'test-deployment'));
    assert.deepEqual(spec.model, { origin: 'declared', value: 'test-dense-10b', span: spanOf(text, 'test-dense-10b') });
    assert.deepEqual(spec.instance, { origin: 'declared', value: 'test.8x', span: spanOf(text, 'test.8x'), keySpan: spanOf(text, 'instance') });
    assert.deepEqual(spec.tensor, { origin: 'declared', value: 8, span: spanAfter(text, 'tensor: ', '8') });
    assert.deepEqual(spec.concurrency, { origin: 'declared', value: 16, span: spanAfter(text, 'concurrency: ', '16') });
  });

  it('reads every document of a multi-document file, each with its own spans', () => {
    const first = manifest();
    const second = manifest({ name: '  name: second', id: '    id: test-moe' });
    const text = `${first}---\n${second}`;
    const { deployments, findings } = analyze(text, testCatalog());
    assert.equal(deployments.length, 2);
    assert.deepEqual(deployments.map((d) => d.spec.name), ['test-deployment', 'second']);
    assert.deepEqual(deployments[1]?.spec.model?.span, spanOf(text, 'test-moe'));
    assert.deepEqual(findings, []);
  });

  it('reports a syntax error at its offset and never throws', () => {
    const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: [unclosed\n';
    const { findings, deployments } = analyze(text, testCatalog());
    assert.equal(deployments.length, 0);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.code === 'yaml-syntax' && f.severity === 'error'));
    assert.ok(findings.every((f) => f.span.start >= text.indexOf('{') && f.span.end <= text.length));
  });

  it('refuses an alias bomb with a finding instead of expanding it', () => {
    const bomb = ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const text = `${bomb.join('\n')}\n`;
    const { findings } = analyze(text, testCatalog());
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.code, 'document-too-complex');
    assert.match(findings[0]?.message ?? '', new RegExp(`at most ${MAX_ALIAS_EXPANSIONS} alias expansions`));
    assert.deepEqual(findings[0]?.span, spanOf(text, '*a'));
  });

  it('leaves documents in other formats alone', () => {
    const text = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n---\napiVersion: v1\nkind: ConfigMap\ndata: { a: "1" }\n';
    const { findings, deployments } = analyze(text, testCatalog());
    assert.deepEqual(findings, []);
    assert.equal(deployments.length, 0);
  });

  it('gives line and column through the file’s line counter, counting CRLF lines', () => {
    const text = manifest().replace(/\n/g, '\r\n');
    const offset = text.indexOf('test.8x');
    assert.deepEqual(lineCounterFor(text).linePos(offset), { line: 10, col: 15 });
    assert.deepEqual(lineCounterFor(text).linePos(0), { line: 1, col: 1 });
    const { deployments } = analyze(text, testCatalog());
    assert.deepEqual(deployments[0]?.spec.instance?.span, spanOf(text, 'test.8x'));
  });
});

describe('the manifest schema', () => {
  const findingsOf = (text: string) => analyze(text, testCatalog()).findings;

  it('reports an unknown field at its key with the nearest known field', () => {
    const text = manifest({ '+rps': '    requestsPerSecnd: 5' });
    const [finding, ...rest] = findingsOf(text);
    assert.deepEqual(rest, []);
    assert.deepEqual(finding, {
      code: 'unknown-field',
      severity: 'warning',
      message: 'Unknown field "requestsPerSecnd" in spec.workload. Did you mean "requestsPerSecond"?',
      span: spanOf(text, 'requestsPerSecnd'),
      fix: { kind: 'replace', span: spanOf(text, 'requestsPerSecnd'), candidates: ['requestsPerSecond'] },
    });
  });

  it('reports a missing required field at its parent', () => {
    const text = manifest({ id: null, precision: '    precision: bf16' });
    const findings = findingsOf(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.message, f.span]),
      [['missing-field', 'spec.model is missing the required field "id".', spanOf(text, 'model')]],
    );
  });

  it('reports wrong types and values at the value, in words', () => {
    const text = manifest({ replicas: '  replicas: two', precision: '    precision: fp9', concurrency: '    concurrency: -1' });
    const byCode = findingsOf(text).map((f) => [f.message, f.span]);
    assert.deepEqual(byCode, [
      ['spec.model.precision must be one of fp32, bf16, fp16, fp8, int8, int4, fp4, not "fp9".', spanOf(text, 'fp9')],
      ['spec.replicas must be an integer, not "two".', spanOf(text, 'two')],
      ['spec.workload.concurrency: must be a whole number of sequences (at least 1) or "max"', spanAfter(text, 'concurrency: ', '-1')],
    ]);
  });

  it('rejects absurd numbers instead of computing with them', () => {
    const text = manifest({ inputTokens: '    inputTokens: 1e309', replicas: '  replicas: 0' });
    const findings = findingsOf(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.message]),
      [
        ['invalid-value', 'spec.replicas must be >= 1, not 0.'],
        ['invalid-value', 'spec.workload.inputTokens must be an integer, not Infinity.'],
      ],
    );
    // The rejected fields are not used: the estimate falls back to the defaults.
    const deployment = analyze(text, testCatalog()).deployments[0];
    assert.equal(deployment?.resolution.inputTokens, 1024);
    assert.equal(deployment?.resolution.replicas, 1);
  });

  it('reports a misspelled kind instead of ignoring the document', () => {
    const text = manifest({ kind: 'kind: InferenceDeploymnt' });
    const findings = findingsOf(text);
    assert.deepEqual(findings.map((f) => [f.code, f.message, f.span]), [
      ['invalid-value', 'kind must be InferenceDeployment, not "InferenceDeploymnt".', spanOf(text, 'InferenceDeploymnt')],
    ]);
  });
});

describe('incremental analysis', () => {
  const one = manifest();
  const two = manifest({ name: '  name: second', id: '    id: test-moe' });

  it('cuts a stream at its document markers only', () => {
    const text = `# leading comment\n${one}---\n${two}--- # third\nkey: "--- not a marker"\n  ---x: 1\n`;
    const chunks = splitDocuments(text);
    assert.deepEqual(chunks.map((c) => c.start), [0, text.indexOf('---\n'), text.indexOf('--- # third')]);
    assert.equal(chunks.map((c) => c.text).join(''), text);
  });

  it('re-analyzes only the document an edit touches, with the same result as a full analysis', () => {
    const cache = new AnalysisCache();
    const before = `${one}---\n${two}---\n${one.replace('test-deployment', 'third')}`;
    analyze(before, testCatalog(), {}, cache);
    assert.deepEqual(cache.stats, { hits: 0, misses: 3 });
    const after = before.replace('concurrency: 16', 'concurrency: 32');
    const incremental = analyze(after, testCatalog(), {}, cache);
    assert.deepEqual(cache.stats, { hits: 2, misses: 4 }, 'an edit in the first document leaves the other two cached');
    assert.deepEqual(incremental, analyze(after, testCatalog()));
  });

  it('moves cached results to their new place when text above them changes', () => {
    const cache = new AnalysisCache();
    const text = `${one}---\n${manifest({ id: '    id: test-dense-1' })}`;
    analyze(text, testCatalog(), {}, cache);
    const shifted = `# a comment added at the top\n${text}`;
    const analysis = analyze(shifted, testCatalog(), {}, cache);
    assert.deepEqual(analysis.findings.map((f) => shifted.slice(f.span.start, f.span.end)), ['test-dense-1']);
    assert.deepEqual(analysis, analyze(shifted, testCatalog()));
  });
});
