import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { diffSnapshot } from '../../scripts/catalog-refresh/diff';
import { GCP_RULES, gcpShapes } from '../../scripts/catalog-refresh/gcpRules';
import { renderProposal, renderReport } from '../../scripts/catalog-refresh/render';
import { parseAzureRetailPrices, parseGcpSkus, parseKarpenterAwsPricing, parseKarpenterInstanceTypes } from '../../scripts/catalog-refresh/sources';
import { REPO_ROOT } from '../helpers/fixtures';

// The refresh tool on small snapshots of each source (test/fixtures/catalog-refresh/README.md), offline.
const fixture = (name: string): string => readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'catalog-refresh', name), 'utf8');
const DATA_FILES = ['chips.yaml', 'models.yaml', 'instances/aws.yaml', 'instances/gcp.yaml', 'instances/gcp-tpu-slices.yaml', 'instances/azure.yaml', 'serverless.yaml'];
const dataFiles = DATA_FILES.map((name) => ({ name, text: readFileSync(join(REPO_ROOT, 'server', 'data', name), 'utf8') }));
const { catalog } = loadCatalog(dataFiles);
const AWS_SOURCE = 'https://github.com/aws/karpenter-provider-aws/blob/3c499175c5ced6c6f54d3be776cba3ff5ec6d00e/pkg/providers/pricing/zz_generated.pricing_aws.go';

describe('catalog:refresh sources', () => {
  it('reads Karpenter’s AWS table: its date, region and every price', () => {
    const snapshot = parseKarpenterAwsPricing(fixture('karpenter-pricing-aws.go'), AWS_SOURCE);
    assert.equal(snapshot.asOf, '2025-04-28');
    assert.deepEqual(snapshot.regions, ['us-east-1']);
    assert.equal(snapshot.offers.length, 15);
    assert.deepEqual(snapshot.offers.find((o) => o.instance === 'p5.48xlarge'), {
      provider: 'aws', instance: 'p5.48xlarge', region: 'us-east-1', pricing: 'on-demand', usdPerHour: 98.32, asOf: '2025-04-28', source: AWS_SOURCE,
    });
  });

  it('reads Karpenter’s instance types: vCPUs, GiB, accelerators and their MiB, Gbps', () => {
    const spec = parseKarpenterInstanceTypes(fixture('karpenter-instance-types.md'), 'https://example.com/types', '2026-07-11').get('g6e.12xlarge');
    assert.deepEqual(
      [spec?.vcpus, spec?.memoryGiB, spec?.acceleratorName, spec?.acceleratorCount, spec?.acceleratorMemoryMiB, spec?.networkGbps],
      [48, 384, 'l40s', 4, 45776, 100],
    );
  });

  it('keeps Azure Linux pay-as-you-go rows and drops Windows and Low Priority', () => {
    const snapshot = parseAzureRetailPrices([fixture('azure-retail-prices.json')], 'https://prices.azure.com/api/retail/prices', '2026-12-05');
    const h100 = snapshot.offers.filter((o) => o.instance === 'standard_nc40ads_h100_v5');
    assert.deepEqual(h100.map((o) => [o.region, o.pricing, o.usdPerHour]), [['eastus', 'on-demand', 6.98]]);
    assert.equal(snapshot.offers.length, 5);
  });

  it('prices a GCP machine type as the sum of its vCPU, memory and GPU SKUs', () => {
    const snapshot = parseGcpSkus(fixture('gcp-skus.json'), gcpShapes(catalog), GCP_RULES, 'https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus');
    assert.equal(snapshot.asOf, '2026-07-30');
    const a2 = snapshot.offers.find((o) => o.instance === 'a2-highgpu-1g');
    // 12 vCPUs × 0.031611 + 85 GiB × 0.004237 + 1 × 2.933908
    assert.equal(a2?.usdPerHour, 3.673385);
    assert.deepEqual(snapshot.regions, ['us-central1']);
  });
});

describe('catalog:refresh changes', () => {
  it('reports AWS prices that moved by more than 1%, and a type its family no longer lists', () => {
    const changes = diffSnapshot(catalog, parseKarpenterAwsPricing(fixture('karpenter-pricing-aws.go'), AWS_SOURCE));
    assert.deepEqual(
      changes.moved.map((c) => [c.instance, c.before, c.after]),
      [['p4d.24xlarge', 21.957642, 32.7726], ['p5.48xlarge', 55.04, 98.32], ['p5en.48xlarge', 63.296, 84.8]],
    );
    assert.deepEqual(changes.removed.map((c) => `${c.instance} ${c.region} ${c.pricing}`), ['p5.4xlarge us-east-1 on-demand']);
    assert.deepEqual([changes.added.length, changes.newTypes.length, changes.unchanged], [0, 0, 12]);
  });

  it('leaves Azure and GCP prices that agree alone; a size of a listed family missing from the page counts as removed', () => {
    const azure = diffSnapshot(catalog, parseAzureRetailPrices([fixture('azure-retail-prices.json')], 'https://prices.azure.com/api/retail/prices', '2026-12-05'));
    assert.deepEqual(azure.moved, []);
    assert.deepEqual(azure.removed.map((c) => c.instance), ['standard_nc48ads_a100_v4', 'standard_nc96ads_a100_v4']);
    assert.deepEqual(azure.newTypes, []);
    assert.equal(azure.unchanged, 5, 'NC24ads A100 v4, NC40ads H100 v5, ND96isr H100 v5, ND96asr v4, ND128isr GB200 v6');
    const gcp = diffSnapshot(catalog, parseGcpSkus(fixture('gcp-skus.json'), gcpShapes(catalog), GCP_RULES, 'https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus'));
    assert.deepEqual([gcp.moved.length, gcp.removed.length, gcp.unchanged], [0, 0, 4], 'a2-highgpu-1g/2g/4g/8g: the parts sum to the catalog figures');
  });

  it('proposes a complete entry for a new type of a tracked family, which loads over the catalog', () => {
    const smallFiles = [
      dataFiles[0] ?? { name: 'chips', text: '' },
      { name: 'aws', text: 'instances:\n  - { id: g6e.2xlarge, provider: aws, accelerator: l40s, acceleratorCount: 1, sources: [{ url: "https://example.com/g6e", asOf: "2026-07-11" }] }\n' },
    ];
    const small = loadCatalog(smallFiles).catalog;
    const specs = parseKarpenterInstanceTypes(fixture('karpenter-instance-types.md'), 'https://example.com/types', '2026-07-11');
    const changes = diffSnapshot(small, parseKarpenterAwsPricing(fixture('karpenter-pricing-aws.go'), AWS_SOURCE), specs);
    assert.deepEqual(changes.newTypes.map((t) => [t.offer.instance, t.chip ?? null]), [
      ['g6e.12xlarge', 'l40s'], ['g6e.16xlarge', null], ['g6e.24xlarge', null], ['g6e.48xlarge', null], ['g6e.4xlarge', null], ['g6e.8xlarge', null], ['g6e.xlarge', null],
    ]);
    const proposal = renderProposal(changes, '2026-12-05');
    const merged = loadCatalog([...smallFiles, { name: 'proposal', text: proposal }]);
    assert.deepEqual(merged.problems, []);
    const g6e12 = merged.catalog.instance('g6e.12xlarge');
    assert.deepEqual([g6e12?.acceleratorCount, g6e12?.acceleratorMemoryGB, g6e12?.prices?.[0]?.usdPerHour], [4, 192, 10.49264]);
  });

  it('writes a dated report and a proposal that merges over the bundled catalog', () => {
    const changes = diffSnapshot(catalog, parseKarpenterAwsPricing(fixture('karpenter-pricing-aws.go'), AWS_SOURCE));
    const report = renderReport([changes], '2026-12-05');
    assert.match(report, /^# Catalog refresh 2026-12-05$/m);
    assert.match(report, /^## Prices moved by more than 1% \(3\)$/m);
    assert.match(report, /^\| p5\.48xlarge \| us-east-1 \| on-demand \| \$55\.04 \| \$98\.32 \| \+78\.6% \|$/m);
    assert.match(report, /^\| p5\.4xlarge \| us-east-1 \| on-demand \| \$6\.88 \| {2}\| gone \|$/m);
    const proposal = renderProposal(changes, '2026-12-05');
    const merged = loadCatalog([...dataFiles, { name: 'proposal.yaml', text: proposal }]);
    assert.deepEqual(merged.problems, []);
    assert.equal(merged.catalog.instance('p5.48xlarge')?.prices?.find((p) => p.region === 'us-east-1' && p.pricing === 'on-demand')?.usdPerHour, 98.32);
  });
});
