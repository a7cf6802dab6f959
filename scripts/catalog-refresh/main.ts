/**
 * `npm run catalog:refresh`: a maintainer's tool, never run by the extension or the CLI.
 * Reads public machine-readable price and instance-type sources (snapshots on disk, or
 * with --fetch downloaded from their public addresses), compares them with the bundled
 * catalog, and writes a proposal per provider (a catalog override file) and a dated
 * change report. The data stays reviewed YAML: the tool proposes, a person commits.
 *
 *   npm run catalog:refresh -- --fetch --out catalog-refresh
 *   npm run catalog:refresh -- --aws-pricing zz_generated.pricing_aws.go --aws-types instance-types.md \
 *     --azure page1.json --azure page2.json --gcp-skus skus.json --out catalog-refresh
 *
 * Every proposed price cites a URL: a snapshot read from disk cites --aws-source / --azure-source /
 * --gcp-source (the address it was copied from, pinned to a commit where there is one), else the
 * source's public address.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { diffSnapshot, type Changes } from './diff';
import { renderProposal, renderReport } from './render';
import { GCP_RULES, gcpShapes } from './gcpRules';
import { parseAzureRetailPrices, parseGcpSkus, parseKarpenterAwsPricing, parseKarpenterInstanceTypes, type InstanceSpec } from './sources';

const KARPENTER_RAW = 'https://raw.githubusercontent.com/aws/karpenter-provider-aws/main';
const AWS_PRICING_URL = `${KARPENTER_RAW}/pkg/providers/pricing/zz_generated.pricing_aws.go`;
const AWS_TYPES_URL = `${KARPENTER_RAW}/website/content/en/preview/reference/instance-types.md`;
const AZURE_API = 'https://prices.azure.com/api/retail/prices';
// Compute Engine's service id in the Cloud Billing Catalog API; it needs an API key (GCP_API_KEY).
const GCP_SKUS_URL = 'https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus';
const DATA_FILES = ['chips.yaml', 'models.yaml', 'instances/aws.yaml', 'instances/gcp.yaml', 'instances/gcp-tpu-slices.yaml', 'instances/azure.yaml', 'serverless.yaml'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fetch: { type: 'boolean', default: false },
      'aws-pricing': { type: 'string' },
      'aws-types': { type: 'string' },
      azure: { type: 'string', multiple: true },
      'gcp-skus': { type: 'string' },
      'aws-source': { type: 'string' },
      'azure-source': { type: 'string' },
      'gcp-source': { type: 'string' },
      date: { type: 'string' },
      out: { type: 'string', default: 'catalog-refresh' },
    },
  });
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  const root = join(__dirname, '..');
  const { catalog, problems } = loadCatalog(DATA_FILES.map((name) => ({ name, text: readFileSync(join(root, 'server', 'data', name), 'utf8') })));
  if (problems.length > 0) throw new Error(`the catalog has problems: ${problems.map((p) => p.file).join(', ')}`);

  const changes: Changes[] = [];
  const awsPricing = values['aws-pricing'] ?? (values.fetch ? AWS_PRICING_URL : undefined);
  if (awsPricing) {
    const typesPath = values['aws-types'] ?? (values.fetch ? AWS_TYPES_URL : undefined);
    const specs: Map<string, InstanceSpec> = typesPath ? parseKarpenterInstanceTypes(await read(typesPath), cite(typesPath, AWS_TYPES_URL), date) : new Map();
    changes.push(diffSnapshot(catalog, parseKarpenterAwsPricing(await read(awsPricing), cite(awsPricing, values['aws-source'] ?? AWS_PRICING_URL)), specs));
  }
  const azurePages = values.azure ?? (values.fetch ? await fetchAzure(catalog.instances.all().filter((i) => i.provider === 'azure').map((i) => i.name ?? i.id)) : undefined);
  if (azurePages) changes.push(diffSnapshot(catalog, parseAzureRetailPrices(azurePages.map((p) => (p.startsWith('{') ? p : readFileSync(p, 'utf8'))), values['azure-source'] ?? AZURE_API, date)));
  const apiKey = process.env['GCP_API_KEY'];
  const gcpSkus = values['gcp-skus'] ? readFileSync(values['gcp-skus'], 'utf8') : values.fetch && apiKey ? await fetchGcp(apiKey) : undefined;
  if (gcpSkus) changes.push(diffSnapshot(catalog, parseGcpSkus(gcpSkus, gcpShapes(catalog), GCP_RULES, values['gcp-source'] ?? GCP_SKUS_URL)));
  if (changes.length === 0) throw new Error('no source: pass --fetch, or snapshot files (--aws-pricing, --azure, --gcp-skus)');

  mkdirSync(values.out, { recursive: true });
  for (const c of changes) writeFileSync(join(values.out, `${c.snapshot.provider}.yaml`), renderProposal(c, date));
  writeFileSync(join(values.out, `report-${date}.md`), renderReport(changes, date));
  console.log(`Wrote ${changes.map((c) => `${c.snapshot.provider}.yaml`).join(', ')} and report-${date}.md to ${values.out}/`);
}

/** The URL a figure cites: the address it was read from, or for a file the address given for it. */
function cite(pathOrUrl: string, fallback: string): string {
  return /^https:\/\//.test(pathOrUrl) ? pathOrUrl : fallback;
}

/** A snapshot file, or (with --fetch) a public address. */
async function read(pathOrUrl: string): Promise<string> {
  if (!/^https:\/\//.test(pathOrUrl)) return readFileSync(pathOrUrl, 'utf8');
  const response = await fetch(pathOrUrl);
  if (!response.ok) throw new Error(`${pathOrUrl}: HTTP ${response.status}`);
  return response.text();
}

/** Every page of the Retail Prices API for the catalog's Azure sizes (the API pages by NextPageLink). */
async function fetchAzure(sizes: readonly string[]): Promise<string[]> {
  const pages: string[] = [];
  for (const size of sizes) {
    let url: string | null = `${AZURE_API}?$filter=${encodeURIComponent(`serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and armSkuName eq '${size}'`)}`;
    while (url) {
      const text = await read(url);
      pages.push(text);
      url = (JSON.parse(text) as { NextPageLink?: string | null }).NextPageLink ?? null;
    }
  }
  return pages;
}

/** Every page of Compute Engine's SKUs (the API pages by nextPageToken), as one `{ skus }` document. */
async function fetchGcp(apiKey: string): Promise<string> {
  const skus: unknown[] = [];
  let token = '';
  do {
    const page = JSON.parse(await read(`${GCP_SKUS_URL}?key=${encodeURIComponent(apiKey)}&pageSize=5000${token ? `&pageToken=${token}` : ''}`)) as { skus?: unknown[]; nextPageToken?: string };
    skus.push(...(page.skus ?? []));
    token = page.nextPageToken ?? '';
  } while (token);
  return JSON.stringify({ skus });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
