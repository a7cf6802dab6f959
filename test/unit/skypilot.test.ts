// SkyPilot tasks resolved as SkyPilot's optimizer resolves them: the cheapest catalog
// machine with exactly the accelerators asked, on the cloud and in the region asked;
// among candidates (a set, `any_of`) the cheapest, and along a list or `ordered` the
// first that can be launched. Prices are compared with the catalog's own figures, so
// each expectation is derived from the catalog rather than written down twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { priceIn } from '../../server/src/core/catalog/prices';
import type { Instance, PricingModel } from '../../server/src/core/catalog/types';
import type { AnalyzedDeployment } from '../../server/src/core/engine/analyze';
import { compareHardware } from '../../server/src/core/engine/compare';
import { DEFAULT_ASSUMPTIONS } from '../../server/src/core/estimator/assumptions';
import { estimateDetails } from '../../server/src/core/present/estimates';
import { DEFAULTS } from '../../server/src/core/resolve/resolve';
import type { OffsetEdit } from '../../server/src/core/span';
import { at } from '../helpers/shown';
import { readOne } from '../helpers/readOne';

const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

const task = (resources: string, extra = ''): string => `name: serve
${extra}resources:
${resources}
run: |
  vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size $SKYPILOT_NUM_GPUS_PER_NODE
`;

const read = (text: string): AnalyzedDeployment => readOne(text, catalog);

const errors = (d: AnalyzedDeployment): string[] => d.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);
const reason = (d: AnalyzedDeployment): string => (d.spec.accelerator?.origin === 'inferred' ? d.spec.accelerator.reason : '(declared)');

/** $/h of an instance for a pricing model, in a region or its cheapest. */
function hourly(id: string, pricing: PricingModel = 'on-demand', region?: string): number {
  const instance = catalog.instance(id) as Instance;
  if (region) return priceIn(instance, pricing, region)?.usdPerHour ?? NaN;
  return Math.min(...(instance.prices ?? []).filter((p) => p.pricing === pricing).map((p) => p.usdPerHour));
}

/** The cheapest priced catalog machine with exactly `count` of a chip (on a cloud), as a person would look it up. */
function cheapest(chip: string, count: number, provider?: string, pricing: PricingModel = 'on-demand'): string {
  const machines = catalog.instances
    .all()
    .filter((i) => i.accelerator === chip && i.acceleratorCount === count && !i.id.startsWith('ml.') && (!provider || i.provider === provider))
    .filter((i) => Number.isFinite(hourly(i.id, pricing)));
  return [...machines].sort((a, b) => hourly(a.id, pricing) - hourly(b.id, pricing))[0]?.id ?? '(none)';
}

function apply(text: string, edits: readonly OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}

describe('SkyPilot resolved like its optimizer', () => {
  it('H100:8 on aws/us-east-1 is the cheapest AWS machine with exactly 8 H100, priced in us-east-1; the pick is declared hardware, an inferred machine', () => {
    const text = task(`  infra: aws/us-east-1
  accelerators: H100:8`);
    const d = read(text);
    assert.deepEqual([d.resolution.instance?.id, d.resolution.instanceInferred, d.spec.accelerator?.origin], [cheapest('h100-sxm', 8, 'aws'), true, 'declared']);
    assert.equal(d.resolution.region, 'us-east-1');
    assert.ok(Math.abs((d.resolution.costPerHour ?? 0) - hourly(cheapest('h100-sxm', 8, 'aws'), 'on-demand', 'us-east-1')) < 1e-6);
    assert.deepEqual(errors(d), []);
  });

  it('a set {H100:8, A100-80GB:8} takes the cheaper of the two, says so and names both, editable where written', () => {
    const text = task(`  accelerators: {H100:8, A100-80GB:8}`);
    const d = read(text);
    const h100 = cheapest('h100-sxm', 8);
    const a100 = cheapest('a100-80gb', 8);
    const [winner, loser] = hourly(a100) < hourly(h100) ? [['A100-80GB', a100], ['H100', h100]] : [['H100', h100], ['A100-80GB', a100]];
    assert.deepEqual([d.spec.accelerator?.value, d.spec.accelerator?.origin, at(text, d.spec.accelerator?.span), d.resolution.instance?.id], [winner[0], 'inferred', winner[0], winner[1]]);
    assert.equal(
      reason(d),
      `the cheapest of the 2 candidates SkyPilot's optimizer chooses from (${winner[0]}:8: ${winner[1]} at $${hourly(winner[1]!).toFixed(2)}/h; ${loser[0]}:8: ${loser[1]} at $${hourly(loser[1]!).toFixed(2)}/h)`,
    );
    assert.deepEqual([d.spec.acceleratorsPerPod?.origin, d.resolution.tensor], ['inferred', 8]);
    // The estimate's details say what was picked and from what.
    assert.ok(estimateDetails(d, catalog).split('\n').some((line) => line.startsWith(`- **accelerator** ${winner[0]}: inferred — the cheapest of the 2 candidates`)));
  });

  it('a list [H100:8, A100-80GB:8] is an order of preference: the first that a machine offers, even when dearer', () => {
    const text = task(`  accelerators: [H100:8, A100-80GB:8]`);
    const d = read(text);
    assert.deepEqual([d.spec.accelerator?.value, d.resolution.instance?.id], ['H100', cheapest('h100-sxm', 8)]);
    assert.match(reason(d), /^the first of the 2 candidates, tried in the order written, that a catalog machine offers \(H100:8: /);
  });

  it('a list skips a candidate no machine offers (L4:3) and takes the next', () => {
    const d = read(task(`  accelerators: [L4:3, L4:4]`));
    assert.deepEqual([d.resolution.acceleratorsPerReplica, d.resolution.instance?.id], [4, cheapest('l4', 4)]);
    assert.match(reason(d), /L4:3: no catalog machine has exactly 3 NVIDIA L4/);
  });

  it('any_of over clouds: the cheapest cloud for the same accelerators; ordered: the first cloud written', () => {
    const clouds = `  accelerators: H100:8
  ANY:
    - infra: gcp
    - infra: aws`;
    const anyOf = read(task(clouds.replace('ANY', 'any_of')));
    const gcp = cheapest('h100-sxm', 8, 'gcp');
    const aws = cheapest('h100-sxm', 8, 'aws');
    const cheaper = hourly(aws) < hourly(gcp) ? aws : gcp;
    assert.equal(anyOf.resolution.instance?.id, cheaper);
    assert.match(reason(anyOf), /^the cheapest of the 2 candidates SkyPilot's optimizer chooses from \(H100:8 on (aws|gcp): .*; H100:8 on (aws|gcp): /, 'the clouds differ where nothing is located: the accelerator carries the reason');
    const ordered = read(task(clouds.replace('ANY', 'ordered')));
    assert.equal(ordered.resolution.instance?.id, gcp);
  });

  it('any_of with use_spot: the spot candidate where the catalog has a spot price, priced as spot', () => {
    const text = task(`  accelerators: A100-80GB:8
  any_of:
    - use_spot: true
    - use_spot: false`);
    const d = read(text);
    const spot = cheapest('a100-80gb', 8, undefined, 'spot');
    assert.deepEqual([d.resolution.instance?.id, d.resolution.pricing, d.spec.pricing?.origin, at(text, d.spec.pricing?.span)], [spot, 'spot', 'inferred', 'true']);
    assert.ok(Math.abs((d.resolution.costPerHour ?? 0) - hourly(spot, 'spot')) < 1e-6);
  });

  it('cpus: 16+ and memory: 64+ leave out machines with fewer vCPUs or GiB, as SkyPilot does', () => {
    const d = read(task(`  accelerators: L4:1
  cpus: 16+
  memory: 64+`));
    const fits = catalog.instances
      .all()
      .filter((i) => i.accelerator === 'l4' && i.acceleratorCount === 1 && !i.id.startsWith('ml.') && (i.vcpus ?? 0) >= 16 && (i.memoryGiB ?? 0) >= 64)
      .sort((a, b) => hourly(a.id) - hourly(b.id))[0]?.id;
    assert.ok(fits && fits !== cheapest('l4', 1), 'the constraint changes the pick');
    assert.equal(d.resolution.instance?.id, fits);
    const exact = read(task(`  accelerators: L4:1
  cpus: 3`));
    assert.equal(exact.resolution.instance, undefined, 'no L4 machine has exactly 3 vCPUs');
  });

  it('num_nodes multiplies the chips and the $/h', () => {
    const d = read(task(`  infra: aws
  accelerators: H100:8`, 'num_nodes: 2\n'));
    const machine = cheapest('h100-sxm', 8, 'aws');
    assert.deepEqual([d.resolution.instance?.id, d.resolution.acceleratorsPerReplica], [machine, 16]);
    assert.ok(Math.abs((d.resolution.costPerHour ?? 0) - 2 * hourly(machine)) < 1e-6);
  });

  it('tpu-v6e-8 is the v6e-8 slice on GCP', () => {
    const d = read(task(`  accelerators: tpu-v6e-8`));
    assert.deepEqual([d.resolution.instance?.id, d.resolution.chip?.id, d.spec.provider], ['v6e-8', 'tpu-v6e', 'gcp']);
  });

  for (const infra of ['nebius', 'lambda', 'runpod', 'kubernetes', 'k8s']) {
    it(`infra: ${infra} is a cloud the catalog does not cover: an info note, no error and no machine of another cloud`, () => {
      const d = read(task(`  infra: ${infra}
  accelerators: H100:8`));
      assert.equal(d.resolution.instance, undefined);
      assert.deepEqual(errors(d), []);
      assert.equal(d.findings.find((f) => f.code === 'region-not-offered')?.message, `The catalog does not cover ${infra}: no instance, price or region is checked there.`);
    });
  }

  it('a candidate on an uncovered cloud is listed but not compared; a covered one is taken', () => {
    const d = read(task(`  accelerators: H100:1
  any_of:
    - infra: nebius
    - infra: aws`));
    assert.deepEqual([d.resolution.instance?.id, d.spec.uncoveredCloud], [cheapest('h100-sxm', 1, 'aws'), undefined]);
  });

  it('16 H100 on one node is an error naming the largest machines', () => {
    const text = task(`  accelerators: H100:16`);
    const d = read(text);
    const finding = d.findings.find((f) => f.severity === 'error');
    assert.match(finding?.message ?? '', /has 16× NVIDIA H100.* on one node: the most is 8 \(/);
    assert.equal(at(text, finding?.span), '16');
  });

  it('a set where one candidate is impossible (H100:12) skips it without an error', () => {
    const d = read(task(`  accelerators: {H100:12, H100:8}`));
    assert.deepEqual([d.resolution.acceleratorsPerReplica, errors(d)], [8, []]);
    assert.match(reason(d), /H100:12: no catalog machine has exactly 12 NVIDIA H100[^;]*\(at most 8 on one machine\)/);
  });

  it('Compare Apply on a set of accelerators rewrites the set to the one it moves to, and the file then reads as Compare estimated', () => {
    const text = task(`  accelerators: {L4:1, A10G:1}`);
    const d = read(text);
    const comparison = compareHardware(d, catalog, DEFAULT_ASSUMPTIONS, DEFAULTS);
    const row = comparison?.options.find((o) => o.move.kind === 'edit' && !o.current && o.chip.id === 'l4' && o.instance.acceleratorCount === 4);
    assert.ok(row && row.move.kind === 'edit', 'an editable row with 4 L4');
    const after = apply(text, row.move.edits);
    assert.match(after, /accelerators: L4:4\n/);
    const moved = read(after);
    assert.deepEqual([moved.resolution.instance?.id, moved.resolution.tensor], [row.instance.id, 4]);
    const other = comparison?.options.find((o) => !o.current && o.chip.id === 'h100-sxm');
    assert.equal(other?.move.kind, 'manual', 'another chip: SkyPilot names it, the person writes it');
  });
});

describe('SkyPilot accelerators the catalog does not know', () => {
  it('says so as info, since SkyPilot has GPUs this catalog lacks, and keeps the replacement on offer for a typo', () => {
    const text = task('  accelerators: V100:1\n  cloud: aws');
    const d = read(text);
    const finding = d.findings.find((f) => f.code === 'unknown-accelerator');
    assert.deepEqual(
      [finding?.severity, finding?.message, text.slice(finding?.span.start, finding?.span.end)],
      [
        'info',
        'The catalog does not know the accelerator "V100" (SkyPilot\'s own catalog may): no speed, memory or price estimate for it. If it is a typo: did you mean "a100-40gb", "h100-sxm", "a10g"?',
        'V100',
      ],
    );
    assert.equal(finding?.fix?.kind, 'replace');
    assert.deepEqual(errors(d), []);
  });
});

describe('SkyPilot counts no machine has', () => {
  it('warns when no catalog machine on the cloud has exactly the accelerators asked, naming the counts there are', () => {
    const text = task('  accelerators: A100-80GB:4\n  cloud: aws');
    const d = read(text);
    const finding = d.findings.find((f) => f.code === 'hardware-contradiction');
    assert.deepEqual(
      [finding?.severity, finding?.message, text.slice(finding?.span.start, finding?.span.end)],
      [
        'warning',
        'SkyPilot launches a machine with exactly the accelerators asked, and no catalog machine on AWS has 4× NVIDIA A100 80GB (SXM4): they come with 8 (p4de.24xlarge). Ask for one of those counts.',
        '4',
      ],
    );
    // Without a cloud, Google's a2-ultragpu-4g has exactly four.
    assert.equal(read(task('  accelerators: A100-80GB:4')).findings.find((f) => f.code === 'hardware-contradiction'), undefined);
  });
});
