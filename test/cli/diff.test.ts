import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

// `inference-lens diff` on a throwaway git repository with two commits and a working-tree
// edit, run as users run it. Expected figures come from `estimate --json` of the same
// manifest, so the test checks that diff reports what the estimator says, not numbers
// copied from a run.
const CLI = join(REPO_ROOT, 'dist', 'cli.js');
let repo = '';

function run(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
}

const deployment = (name: string, model: string, hardware: string, extra = ''): string => `apiVersion: inference-lens/v1
kind: InferenceDeployment
metadata: { name: ${name} }
spec:
  model: { id: ${model}, precision: fp8 }
  hardware: { ${hardware}, region: us-east-1 }
  workload: { inputTokens: 1024, outputTokens: 256, concurrency: 16 }${extra}
`;

const CHAT_BASE = deployment('chat', 'llama-3.1-70b', 'instance: p5.48xlarge');
const CHAT_HEAD = deployment('chat', 'llama-3.1-70b', 'instance: p4d.24xlarge');
const CHAT_WORKING = deployment('chat', 'llama-3.1-70b', 'instance: p5e.48xlarge');
const STEADY = deployment('steady', 'llama-3.1-8b', 'instance: g6e.xlarge');
const RETIRED = deployment('retired', 'llama-3.1-8b', 'instance: g6e.2xlarge');
const HUGE = deployment('huge', 'llama-3.1-405b', 'instance: g6e.xlarge');

interface Figures {
  costPerHour: number | null;
  costPerMillionOutputTokens: number | null;
  ttftMs: number | null;
  tpotMs: number | null;
  fits: boolean | null;
  instance: string | null;
  accelerator: string | null;
  acceleratorsPerReplica: number | null;
  replicas: number | null;
}
interface DiffJson {
  deployments: { name: string; file: string; change: string; before: Figures | null; after: Figures | null }[];
  totals: { costPerHourBefore: number; costPerHourAfter: number };
}

/** What `estimate --json` says of a manifest, in diff's shape. */
function estimated(text: string): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'inference-lens-estimate-'));
  try {
    writeFileSync(join(dir, 'x.yaml'), text);
    const [d] = JSON.parse(run(dir, 'estimate', 'x.yaml', '--json').stdout).deployments;
    const e = d.estimate;
    return {
      costPerHour: e.costPerHour,
      costPerMillionOutputTokens: e.costPerMillionOutputTokens,
      ttftMs: e.ttftMs,
      tpotMs: e.tpotMs,
      fits: e.memory?.fits ?? null,
      instance: e.assumptions.instance ?? null,
      accelerator: e.assumptions.accelerator ?? null,
      acceleratorsPerReplica: e.assumptions.acceleratorsPerReplica ?? null,
      replicas: e.assumptions.replicas ?? null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'inference-lens-diff-'));
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'deploy'));
  writeFileSync(join(repo, 'deploy', 'chat.yaml'), CHAT_BASE);
  writeFileSync(join(repo, 'deploy', 'small.yaml'), `${STEADY}---\n${RETIRED}`);
  writeFileSync(join(repo, 'README.md'), 'not YAML\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  git('tag', 'base');
  writeFileSync(join(repo, 'deploy', 'chat.yaml'), CHAT_HEAD);
  writeFileSync(join(repo, 'deploy', 'small.yaml'), STEADY);
  writeFileSync(join(repo, 'deploy', 'huge.yaml'), HUGE);
  git('add', '.');
  git('commit', '-q', '-m', 'head');
  // The working tree moves chat once more, without committing.
  writeFileSync(join(repo, 'deploy', 'chat.yaml'), CHAT_WORKING);
});

after(() => rmSync(repo, { recursive: true, force: true }));

describe('inference-lens diff', () => {
  it('reports every change kind between two revisions, with the estimator’s figures and totals', () => {
    const result = run(repo, 'diff', 'base', 'HEAD', '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as DiffJson;
    const byName = Object.fromEntries(json.deployments.map((d) => [d.name, d]));
    assert.deepEqual(
      json.deployments.map((d) => [d.name, d.file, d.change]).sort(),
      [
        ['chat', 'deploy/chat.yaml', 'changed'],
        ['huge', 'deploy/huge.yaml', 'added'],
        ['retired', 'deploy/small.yaml', 'removed'],
        ['steady', 'deploy/small.yaml', 'unchanged'],
      ],
    );
    assert.deepEqual(byName['chat']?.before, estimated(CHAT_BASE));
    assert.deepEqual(byName['chat']?.after, estimated(CHAT_HEAD));
    assert.equal(byName['chat']?.before?.instance, 'p5.48xlarge');
    assert.equal(byName['chat']?.after?.instance, 'p4d.24xlarge');
    assert.equal(byName['huge']?.before, null);
    assert.deepEqual(byName['huge']?.after, estimated(HUGE));
    assert.equal(byName['huge']?.after?.fits, false);
    assert.equal(byName['retired']?.after, null);
    assert.deepEqual(byName['retired']?.before, estimated(RETIRED));
    assert.deepEqual(byName['steady']?.before, byName['steady']?.after);
    const sum = (side: 'before' | 'after'): number => json.deployments.reduce((n, d) => n + (d[side]?.costPerHour ?? 0), 0);
    assert.ok(Math.abs(json.totals.costPerHourBefore - sum('before')) < 0.01, `${json.totals.costPerHourBefore} ≈ ${sum('before')}`);
    assert.ok(Math.abs(json.totals.costPerHourAfter - sum('after')) < 0.01, `${json.totals.costPerHourAfter} ≈ ${sum('after')}`);
  });

  it('compares against the working tree when no head is given, and limits to the paths named', () => {
    const result = run(repo, 'diff', 'HEAD', 'deploy/chat.yaml', '--format', 'json');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as DiffJson;
    assert.deepEqual(json.deployments.map((d) => [d.name, d.change, d.before?.instance, d.after?.instance]), [['chat', 'changed', 'p4d.24xlarge', 'p5e.48xlarge']]);
    // From a subfolder, paths are relative to it; files are still named from the repository's top.
    const sub = run(join(repo, 'deploy'), 'diff', '--format', 'json', 'base', 'HEAD', '--', 'small.yaml');
    assert.deepEqual((JSON.parse(sub.stdout) as DiffJson).deployments.map((d) => [d.file, d.name, d.change]), [
      ['deploy/small.yaml', 'steady', 'unchanged'],
      ['deploy/small.yaml', 'retired', 'removed'],
    ]);
  });

  it('never checks anything out: the working tree and HEAD stay as they were', () => {
    run(repo, 'diff', 'base', 'HEAD');
    const status = spawnSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' }).stdout;
    assert.equal(status, ' M deploy/chat.yaml\n');
  });

  it('writes a review comment: a table with arrows and ± percentages, totals, and the findings the change introduces', () => {
    const result = run(repo, 'diff', 'base', 'HEAD', '--format', 'markdown');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(run(repo, 'diff', 'base', 'HEAD', '--format', 'json').stdout) as DiffJson;
    const chat = json.deployments.find((d) => d.name === 'chat');
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '<!-- inference-lens-diff -->');
    assert.equal(lines[1], '### Inference Lens: what this change does to your deployments');
    assert.equal(lines[3], '| | deployment | hardware | $/hour | $/1M output tokens | TTFT | TPOT | fits |');
    // Changed first, then added, then removed; unchanged ones folded away.
    const rows = lines.filter((l) => /^\| (✏️|➕|➖)/.test(l));
    assert.equal(rows.length, 3);
    const [changed, added, removed] = rows;
    const before = chat?.before;
    const afterChat = chat?.after;
    assert.ok(before?.costPerHour && afterChat?.costPerHour);
    const pct = ((afterChat.costPerHour - before.costPerHour) / before.costPerHour) * 100;
    const cells = changed?.split(' | ') ?? [];
    assert.equal(cells[0], '| ✏️ changed');
    assert.equal(cells[1], '`chat`<br>deploy/chat.yaml');
    assert.equal(cells[2], '8× h100-sxm (p5.48xlarge) → 8× a100-40gb (p4d.24xlarge)');
    const cost = /^\$([\d.]+) → \$([\d.]+) \(([+-]\d+\.\d)%\)$/.exec(cells[3] ?? '');
    assert.ok(cost, `cost cell "${cells[3]}"`);
    assert.equal(Number(cost[1]), before.costPerHour);
    assert.equal(Number(cost[2]), afterChat.costPerHour);
    assert.equal(cost[3], `${pct > 0 ? '+' : ''}${pct.toFixed(1)}`);
    assert.match(added ?? '', /^\| ➕ added \| `huge`<br>deploy\/huge\.yaml \| 1× l40s \(g6e\.xlarge\) \| \$[\d.]+ \|.* \| no \|$/);
    assert.match(removed ?? '', /^\| ➖ removed \| `retired`<br>deploy\/small\.yaml \| 1× l40s \(g6e\.2xlarge\) \|/);
    assert.ok(lines.includes('<details><summary>1 unchanged</summary>'));
    assert.ok(lines.includes('- `steady` in deploy/small.yaml'));
    const total = lines.find((l) => l.startsWith('**Total:**'));
    assert.match(total ?? '', /^\*\*Total:\*\* \$[\d,.]+\/hour → \$[\d,.]+\/hour \([+-][\d.]+%\), [+-]\$[\d,]+ a month \(730 hours\)$/);
    const findings = lines.slice(lines.indexOf('#### Findings introduced by this change') + 2).filter((l) => l.startsWith('- **'));
    assert.ok(findings.some((l) => l.startsWith('- **error** `memory-exceeded` deploy/huge.yaml:5: llama-3.1-405b does not fit')), findings.join('\n'));
    assert.ok(!findings.some((l) => l.includes('small.yaml')), 'no finding from files the change leaves alone');
  });

  it('prints a line per moved deployment in text', () => {
    const result = run(repo, 'diff', 'base', 'HEAD');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'changed  chat  deploy/chat.yaml');
    assert.equal(lines[1], '  hardware            8× h100-sxm (p5.48xlarge) → 8× a100-40gb (p4d.24xlarge)');
    assert.ok(lines.includes('added    huge  deploy/huge.yaml'));
    assert.ok(lines.includes('removed  retired  deploy/small.yaml'));
    assert.ok(lines.includes('unchanged: steady (deploy/small.yaml)'));
  });

  it('exits 2 with a reason outside a repository, for an unknown revision and for a bad format', () => {
    const outside = mkdtempSync(join(tmpdir(), 'inference-lens-nogit-'));
    try {
      const notRepo = run(outside, 'diff', 'main');
      assert.equal(notRepo.code, 2);
      assert.match(notRepo.stderr, /^diff: not a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const unknown = run(repo, 'diff', 'no-such-branch');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr.trim(), 'diff: "no-such-branch" is not a revision of this repository');
    assert.equal(run(repo, 'diff', 'base', '--format', 'sarif').code, 2);
    assert.equal(run(repo, 'diff').code, 2);
  });
});
