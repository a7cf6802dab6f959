import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { REPO_ROOT } from '../helpers/fixtures';

// These tests run the bundled CLI as users do: `npm test` builds dist/ first.
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let dir = '';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Each manifest's first deployment as `estimate --json` prints it, the files written to a
 * folder of their own (other tests report the whole directory) and removed afterwards.
 */
function estimatedApart(folder: string, manifests: Readonly<Record<string, string>>) {
  mkdirSync(join(dir, folder), { recursive: true });
  for (const [name, text] of Object.entries(manifests)) writeFileSync(join(dir, folder, name), text);
  try {
    return Object.keys(manifests).map((name) => JSON.parse(run('estimate', join(folder, name), '--json').stdout).deployments[0]);
  } finally {
    rmSync(join(dir, folder), { recursive: true });
  }
}

const VALID = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: chat }
spec:
  model: { id: llama-3.1-70b, precision: fp8 }
  hardware: { instance: p5.48xlarge, region: us-east-1 }
  parallelism: { tensor: 8 }
  workload: { inputTokens: 1024, outputTokens: 256, concurrency: 32 }
`;

const BROKEN = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: broken }
spec:
  model: { id: llama-3.1-70b }
  hardware: { instance: p5.48xlarg }
  workload: { concurency: 4 }
`;

const BARE = `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: bare }
spec:
  model: { id: llama-3.1-8b }
  hardware: { accelerator: H100, count: 1 }
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'inference-lens-cli-'));
  writeFileSync(join(dir, 'valid.yaml'), VALID);
  writeFileSync(join(dir, 'broken.yaml'), BROKEN);
  writeFileSync(join(dir, 'bare.yaml'), BARE);
  writeFileSync(join(dir, 'workflow.yml'), 'name: CI\non: [push]\njobs: { build: { runs-on: ubuntu-latest } }\n');
  writeFileSync(
    join(dir, 'prices.yaml'),
    `instances:\n  - id: p5.48xlarge\n    prices:\n      - { region: us-east-1, pricing: on-demand, usdPerHour: 27.52, asOf: "2026-11-01", source: "https://example.com/our-contract" }\n`,
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('inference-lens check', () => {
  it('exits 0 and prints nothing for clean manifests and unrelated YAML', () => {
    const result = run('check', 'valid.yaml', 'workflow.yml');
    assert.equal(result.stdout, '');
    assert.equal(result.code, 0);
  });

  it('exits 1 with file:line:col severity code message when a finding is an error', () => {
    const result = run('check', 'broken.yaml');
    assert.equal(result.code, 1);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      'broken.yaml:6:25 error unknown-instance Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?',
      'broken.yaml:7:15 warning unknown-field Unknown field "concurency" in spec.workload. Did you mean "concurrency"?',
    ]);
  });

  it('exits 2 for unreadable input and for usage errors', () => {
    const missing = run('check', 'missing.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.yaml: cannot read: no such file or directory/);
    assert.equal(run('check').code, 2);
    assert.equal(run('check', 'valid.yaml', '--format', 'xml').code, 2);
    assert.equal(run('frobnicate').code, 2);
    assert.equal(run('check', '--bogus', 'valid.yaml').code, 2);
  });

  it('walks directories for YAML files', () => {
    const result = run('check', '.', '--format', 'json');
    assert.equal(result.code, 1);
    const files = (JSON.parse(result.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    assert.deepEqual(files, ['bare.yaml', 'broken.yaml', 'prices.yaml', 'valid.yaml', 'workflow.yml']);
  });

  it('prints JSON with 1-based lines and columns', () => {
    const result = run('check', 'broken.yaml', '--format', 'json');
    assert.equal(result.code, 1);
    assert.deepEqual(JSON.parse(result.stdout), {
      files: [
        {
          file: 'broken.yaml',
          findings: [
            {
              code: 'unknown-instance',
              severity: 'error',
              message: 'Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?',
              line: 6,
              column: 25,
              endLine: 6,
              endColumn: 35,
            },
            {
              code: 'unknown-field',
              severity: 'warning',
              message: 'Unknown field "concurency" in spec.workload. Did you mean "concurrency"?',
              line: 7,
              column: 15,
              endLine: 7,
              endColumn: 25,
            },
          ],
        },
      ],
    });
  });

  it('prints SARIF 2.1.0 that code scanning accepts', () => {
    const result = run('check', 'broken.yaml', '--format', 'sarif');
    assert.equal(result.code, 1);
    const sarif = JSON.parse(result.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const runOne = sarif.runs[0];
    assert.equal(runOne.tool.driver.name, 'inference-lens');
    assert.deepEqual(runOne.tool.driver.rules.map((r: { id: string }) => r.id), ['unknown-field', 'unknown-instance']);
    assert.deepEqual(runOne.results[0], {
      ruleId: 'unknown-instance',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.yaml' }, region: { startLine: 6, startColumn: 25, endLine: 6, endColumn: 35 } } }],
    });
    assert.equal(runOne.results[1].level, 'warning');
  });
});

describe('inference-lens estimate', () => {
  it('prints every figure as JSON, aggregate throughput included', () => {
    const result = run('estimate', 'valid.yaml', '--json');
    assert.equal(result.code, 0);
    const [deployment] = JSON.parse(result.stdout).deployments;
    assert.equal(deployment.name, 'chat');
    assert.equal(deployment.file, 'valid.yaml');
    assert.equal(deployment.line, 3);
    const e = deployment.estimate;
    assert.deepEqual(Object.keys(e.memory).slice(0, 3), ['fits', 'requiredGB', 'availableGB']);
    assert.equal(e.memory.fits, true);
    assert.equal(e.memory.availableGB, 576);
    assert.equal(e.costPerHour, 55);
    for (const key of ['ttftMs', 'tpotMs', 'outputTokensPerSecond', 'perUserTokensPerSecond', 'maxConcurrency', 'costPerMillionOutputTokens']) {
      assert.equal(typeof e[key], 'number', key);
      assert.ok(e[key] > 0, key);
    }
    assert.ok(Math.abs(e.outputTokensPerSecond - 32 * e.perUserTokensPerSecond) / e.outputTokensPerSecond < 0.01, 'aggregate = concurrency × per-user');
    assert.equal(e.assumptions.memoryUtilization, 0.9);
    assert.equal(e.assumptions.price.usdPerHour, 55.04);
    assert.deepEqual(deployment.findings, []);
  });

  it('gives null with the reason in the findings for what cannot be computed', () => {
    const result = run('estimate', 'bare.yaml', '--json');
    assert.equal(result.code, 0);
    const [deployment] = JSON.parse(result.stdout).deployments;
    assert.equal(deployment.estimate.costPerHour, null);
    assert.equal(deployment.estimate.costPerMillionOutputTokens, null);
    assert.equal(typeof deployment.estimate.tpotMs, 'number');
    assert.deepEqual(deployment.findings.map((f: { message: string }) => f.message), ['No cost estimate: a bare accelerator has no price: declare an instance.']);
  });

  it('shows a disaggregated deployment’s pools with the pair’s figures, as their lenses do', () => {
    const file = join(REPO_ROOT, 'examples', 'real-world', 'dynamo-graph-deployment.yaml');
    const pools = JSON.parse(run('estimate', file, '--json').stdout).deployments;
    const lensed = analyze(readFileSync(file, 'utf8'), loadCatalog(BUNDLED_CATALOG).catalog).deployments;
    assert.equal(pools.length, 2);
    for (const [i, pool] of pools.entries()) {
      const combined = lensed[i]?.pool?.combined;
      assert.ok(combined, `${pool.name} is estimated with its other pool`);
      assert.deepEqual([pool.disaggregated.role, pool.disaggregated.limiting, pool.disaggregated.ratio], [lensed[i]?.pool?.role, combined.limiting, combined.ratio]);
      assert.ok(Math.abs(pool.disaggregated.ttftMs - combined.ttftMs) / combined.ttftMs < 0.01, 'TTFT as the lens shows it');
      assert.ok(Math.abs(pool.disaggregated.costPerHour - (combined.costPerHour ?? 0)) < 0.01, 'both pools’ cost');
    }
    const table = run('estimate', file).stdout;
    assert.match(table, /^llama-8b-disagg\/VllmPrefillWorker \*/m);
    assert.match(table, /\* a prefill or decode pool estimated with its other pool/);
  });

  it('marks a data-parallel deployment’s memory as one engine’s, with a footnote', () => {
    const table = run('estimate', join(REPO_ROOT, 'examples', 'deepseek-r1-h200-dp-ep.yaml')).stdout;
    assert.match(table, /^deepseek-r1-dp-ep +8× h200 \(p5en\.48xlarge\) +yes [\d.]+\/127 † /m);
    assert.match(table, /\n† one engine's memory: the replica runs several data-parallel engines \(or attention ranks\), each holding its own share\.$/m);
    assert.doesNotMatch(run('estimate', join(REPO_ROOT, 'examples', 'chat-70b-h100.yaml')).stdout, /†/);
  });

  it('counts data-parallel engines: 4 engines of tensor 2 serve four times one engine’s tokens at the same cost per hour', () => {
    const dp = (extra: string) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: llama }',
        'spec:',
        '  template:',
        '    spec:',
        '      nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }',
        '      containers:',
        '        - name: vllm',
        '          image: vllm/vllm-openai:latest',
        `          command: ["vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2"${extra}]`,
        '          resources: { limits: { nvidia.com/gpu: 8 } }',
        '',
      ].join('\n');
    const [one, four] = estimatedApart('dp', { 'one-engine.yaml': dp(''), 'four-engines.yaml': dp(', "--data-parallel-size", "4"') });
    assert.deepEqual([one.estimate.assumptions.dataParallel, four.estimate.assumptions.dataParallel], [1, 4]);
    assert.equal(four.estimate.costPerHour, one.estimate.costPerHour);
    assert.equal(four.estimate.maxConcurrency, 4 * one.estimate.maxConcurrency);
    assert.ok(Math.abs(four.estimate.outputTokensPerSecond / one.estimate.outputTokensPerSecond - 4) < 0.01, 'throughput × 4 (figures rounded in JSON)');
    assert.ok(Math.abs(four.estimate.costPerMillionOutputTokens / one.estimate.costPerMillionOutputTokens - 0.25) < 0.01, '$/1M ÷ 4');
    assert.deepEqual(four.findings.filter((f: { code: string }) => f.code === 'parallelism-mismatch'), []);
    assert.equal(one.findings.find((f: { code: string }) => f.code === 'parallelism-mismatch')?.message, 'tensor × pipeline = 2 × 1 = 2 of the 8 accelerators per replica: 6 would sit idle.');
  });

  it('reports the efficiency factors the estimate used: a chip with factors of its own shows its own', () => {
    const manifest = (instance: string) =>
      ['apiVersion: inference-lens/v1', 'kind: InferenceDeployment', 'metadata: { name: llama }', 'spec:', '  model: { id: llama-3.1-70b, precision: bf16 }', `  hardware: { instance: ${instance}, region: us-east-1 }`, '  parallelism: { tensor: 16 }', ''].join('\n');
    const [trn2, trn1] = estimatedApart('factors', { 'trn2.yaml': manifest('trn2.48xlarge'), 'trn1.yaml': manifest('trn1.32xlarge') });
    // Trainium2 runs at factors of its own, apart from the aws-neuron family's (Inferentia2, Trainium).
    assert.equal(trn2.estimate.assumptions.efficiency.prefillCompute, Number(trn2.estimate.explain.ttftMs.inputs['prefill efficiency']), 'the factors the TTFT was timed with');
    assert.deepEqual([trn2.estimate.assumptions.efficiency.prefillCompute, trn1.estimate.assumptions.efficiency.prefillCompute], [0.29, 0.37]);
  });

  it('lists what the same traffic costs on per-token APIs', () => {
    const [deployment] = JSON.parse(run('estimate', 'valid.yaml', '--json').stdout).deployments;
    const api = deployment.estimate.serverless;
    assert.ok(api.length > 0);
    const first = api[0];
    assert.ok(Math.abs(first.costPerMillionOutputTokens - ((1024 / 256) * first.usdPerMillionInputTokens + first.usdPerMillionOutputTokens)) < 0.01);
    assert.match(first.id, /^[a-z]+\/llama-3\.1-70b$/);
  });

  it('uses .inference-lens/catalog.yaml in the current directory', () => {
    mkdirSync(join(dir, '.inference-lens'), { recursive: true });
    copyFileSync(join(dir, 'prices.yaml'), join(dir, '.inference-lens', 'catalog.yaml'));
    try {
      assert.equal(JSON.parse(run('estimate', 'valid.yaml', '--json').stdout).deployments[0].estimate.costPerHour, 27.5);
    } finally {
      rmSync(join(dir, '.inference-lens'), { recursive: true });
    }
  });

  it('follows a price from a --catalog override', () => {
    const base = JSON.parse(run('estimate', 'valid.yaml', '--json').stdout).deployments[0].estimate;
    const cheaper = JSON.parse(run('estimate', 'valid.yaml', '--json', '--catalog', 'prices.yaml').stdout).deployments[0].estimate;
    assert.equal(cheaper.costPerHour, 27.5);
    assert.ok(Math.abs(cheaper.costPerMillionOutputTokens - base.costPerMillionOutputTokens / 2) < 0.1);
  });

  it('prints a table for people', () => {
    const result = run('estimate', 'valid.yaml');
    assert.equal(result.code, 0);
    const [header, , row] = result.stdout.split('\n');
    assert.match(header ?? '', /^deployment\s+hardware\s+fits \(GB\)\s+TTFT ms\s+TPOT ms\s+tok\/s\/user\s+tok\/s total\s+\$\/h\s+\$\/1M out$/);
    assert.match(row ?? '', /^chat\s+8× h100-sxm \(p5\.48xlarge\)\s+yes [\d.]+\/576\s+≈[\d.]+\s+≈[\d.]+\s+≈[\d.]+\s+≈[\d.]+\s+\$55\s+\$[\d.]+$/);
  });
});

describe('inference-lens catalog', () => {
  it('prints an entry with each figure pointing at its source', () => {
    const result = run('catalog', 'H100');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^chip h100-sxm\n {2}Name +NVIDIA H100 SXM5 80GB\n/);
    const bandwidth = /^ {2}Bandwidth +3,350 GB\/s {2}\[(\d)\]$/m.exec(result.stdout);
    assert.ok(bandwidth, result.stdout);
    assert.match(result.stdout, /^ {2}Power +700 W {2}\[\d\]$/m);
    assert.match(result.stdout, new RegExp(`^Sources\\n(  \\[\\d\\] .*\\n)*  \\[${bandwidth[1]}\\] https://\\S+ \\(as of \\d{4}-\\d{2}-\\d{2}\\)$`, 'm'));
  });

  it('says "not published" where a vendor publishes no figure, and lists prices with their dates', () => {
    const wafer = run('catalog', 'wse-3').stdout;
    assert.match(wafer, /^ {2}Dense TFLOPS +not published$/m);
    assert.match(wafer, /^ {2}On-chip SRAM +44,000 MB {2}\[1\]$/m);
    const p5 = run('catalog', 'p5.48xlarge').stdout;
    assert.match(p5, /^ {2}Accelerators +8× h100-sxm \(NVIDIA H100 SXM5 80GB\) {2}\[\d\]$/m);
    assert.match(p5, /^ {4}on-demand +us-east-1 +\$55\.04 {2}as of \d{4}-\d{2}-\d{2} {2}\[\d\]$/m);
  });

  it('searches by substring', () => {
    const result = run('catalog', 'p5');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^instance\s+p5\.48xlarge\s+8× h100-sxm · 640 GB · aws$/m);
  });

  it('prints one entry as JSON with the documented field names', () => {
    const chip = JSON.parse(run('catalog', 'H100-SXM5-80GB', '--json').stdout);
    assert.equal(chip.kind, 'chip');
    assert.equal(chip.id, 'h100-sxm');
    assert.equal(chip.memoryGB, 80);
    assert.equal(chip.memoryBandwidthGBps, 3350);
    assert.equal(chip.denseTflops.fp4, undefined, 'a precision the chip lacks is absent');
    assert.ok(Array.isArray(chip.sources) && chip.sources.length > 0);
    const instance = JSON.parse(run('catalog', 'P5.48XLARGE', '--json').stdout);
    assert.equal(instance.kind, 'instance');
    assert.equal(instance.id, 'p5.48xlarge');
    assert.equal(instance.accelerator, 'h100-sxm');
    assert.equal(instance.acceleratorCount, 8);
    assert.deepEqual(Object.keys(instance.prices[0]).sort(), ['asOf', 'pricing', 'region', 'source', 'usdPerHour']);
    const model = JSON.parse(run('catalog', 'meta-llama/Llama-3.1-70B-Instruct', '--json').stdout);
    assert.deepEqual(
      [model.kind, model.id, model.layers, model.hiddenSize, model.attentionHeads, model.kvHeads, model.headDim],
      ['model', 'llama-3.1-70b', 80, 8192, 64, 8, 128],
    );
  });

  it('counts entries by kind with the oldest as-of date', () => {
    const stats = JSON.parse(run('catalog', '--stats', '--json').stdout);
    assert.deepEqual(Object.keys(stats.counts), ['chip', 'instance', 'model', 'serverless', 'prices']);
    assert.ok(stats.counts.chip >= 30 && stats.counts.model >= 20);
    assert.match(stats.oldestAsOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(run('catalog', '--stats').stdout, /^chip: \d+\ninstance: \d+\nmodel: \d+\nserverless: \d+\nprices: \d+\noldest asOf: \d{4}-\d{2}-\d{2}$/m);
  });

  it('exits 1 with suggestions for an unknown name', () => {
    const result = run('catalog', 'h100-sxmm');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Nothing in the catalog matches "h100-sxmm"\. Did you mean h100-sxm/);
  });
});

describe('inference-lens report', () => {
  it('prints findings and the estimate table and exits 0 even with errors in the manifests', () => {
    const result = run('report', '.');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Inference Lens — 5 files, 3 deployments/);
    assert.match(result.stdout, /error\s+unknown-instance/);
    assert.match(result.stdout, /^chat\s+8× h100-sxm/m);
  });
});

describe('inference-lens --version and --help', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  it('prints the package.json version, with -v too, and exits 0', () => {
    for (const flag of ['--version', '-v']) {
      const result = run(flag);
      assert.equal(result.code, 0);
      assert.equal(result.stdout, `${manifest.version}\n`);
    }
  });

  it('names every command in the tool help', () => {
    const result = run('--help');
    assert.equal(result.code, 0);
    const commands = [...result.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    assert.deepEqual(commands, ['check', 'estimate', 'report', 'catalog', 'diff']);
    assert.match(result.stdout, /^ {2}-v, --version {4}Print the version\.$/m);
  });

  it('prints each command’s own help with --help, -h or `help <command>`', () => {
    for (const command of ['check', 'estimate', 'report', 'catalog', 'diff']) {
      const long = run(command, '--help');
      assert.equal(long.code, 0);
      assert.match(long.stdout, new RegExp(`^Usage: inference-lens ${command}\\b`));
      assert.match(long.stdout, /Exit codes: /);
      assert.equal(run(command, '-h').stdout, long.stdout);
      assert.equal(run('help', command).stdout, long.stdout);
    }
    assert.match(run('check', '--help').stdout, /--format sarif {3}SARIF 2\.1\.0 for GitHub code scanning/);
    assert.match(run('diff', '--help').stdout, /--format markdown {3}A review comment/);
  });

  it('shows the command’s usage, not the tool’s, after a usage error', () => {
    const result = run('estimate');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^estimate takes exactly one file\.\n\nUsage: inference-lens estimate <file> \[--json\]/);
  });
});
