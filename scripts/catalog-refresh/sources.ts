/**
 * Parsers for the public machine-readable price and instance-type sources the refresh
 * reads. Each takes the text of one snapshot and returns plain offers; none of them
 * touches the disk or the network (main.ts does), so tests run them on fixtures.
 */
import type { PricingModel } from '../../server/src/core/catalog/types';

/** One price a source states for a whole instance (or machine type) per hour. */
export interface Offer {
  readonly provider: 'aws' | 'gcp' | 'azure';
  /** The catalog id: lowercase, as the catalog spells instance ids. */
  readonly instance: string;
  readonly region: string;
  readonly pricing: PricingModel;
  readonly usdPerHour: number;
  readonly asOf: string;
  readonly source: string;
}

/** A source's snapshot: its offers, the regions it covers, and where it came from. */
export interface Snapshot {
  readonly provider: Offer['provider'];
  readonly source: string;
  readonly asOf: string;
  readonly regions: readonly string[];
  readonly offers: readonly Offer[];
}

/**
 * AWS: Karpenter's generated on-demand table (pkg/providers/pricing/zz_generated.pricing_aws.go),
 * built from the AWS Price List API (Linux, shared tenancy, no pre-installed software, used capacity).
 * Its header says when and for which region: "// generated at 2026-07-20T13:44:30Z for us-east-1".
 */
export function parseKarpenterAwsPricing(text: string, source: string): Snapshot {
  const generated = /generated at (\d{4}-\d{2}-\d{2})T[\d:]+Z/.exec(text);
  if (!generated?.[1]) throw new Error('Karpenter AWS pricing: no "generated at" date in the header');
  const asOf = generated[1];
  const offers: Offer[] = [];
  const regions: string[] = [];
  let region: string | undefined;
  for (const line of text.split('\n')) {
    const opens = /^\s*"([a-z]{2}(?:-gov)?-[a-z]+-\d)": \{/.exec(line);
    if (opens?.[1]) {
      region = opens[1];
      regions.push(region);
      continue;
    }
    if (!region) continue;
    for (const [, instance, price] of line.matchAll(/"([a-z0-9-]+\.[a-z0-9-]+)": ([\d.]+)/g)) {
      const usdPerHour = Number(price);
      if (instance && usdPerHour > 0) offers.push({ provider: 'aws', instance, region, pricing: 'on-demand', usdPerHour, asOf, source });
    }
  }
  return { provider: 'aws', source, asOf, regions, offers: dedupe(offers) };
}

/** Instance-type figures from Karpenter's generated reference (website/.../reference/instance-types.md, EC2 API labels). */
export interface InstanceSpec {
  readonly instance: string;
  readonly vcpus?: number;
  readonly memoryGiB?: number;
  readonly acceleratorName?: string;
  readonly acceleratorCount?: number;
  /** Per accelerator, MiB, as the EC2 API reports it. */
  readonly acceleratorMemoryMiB?: number;
  readonly networkGbps?: number;
  /** Where the figures come from, and as of when. */
  readonly source: string;
  readonly asOf: string;
}

export function parseKarpenterInstanceTypes(markdown: string, source: string, asOf: string): Map<string, InstanceSpec> {
  const specs = new Map<string, InstanceSpec>();
  for (const section of markdown.split(/^### /m).slice(1)) {
    const name = /^`([^`]+)`/.exec(section)?.[1];
    if (!name) continue;
    const label = (key: string): number | undefined => {
      const value = new RegExp(`\\|karpenter\\.k8s\\.aws/${key}\\|([^|]+)\\|`).exec(section)?.[1]?.trim();
      return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
    };
    const text = (key: string): string | undefined => new RegExp(`\\|karpenter\\.k8s\\.aws/${key}\\|([^|]+)\\|`).exec(section)?.[1]?.trim();
    const memoryMiB = label('instance-memory');
    const networkMbps = label('instance-network-bandwidth');
    const gpus = label('instance-gpu-count') ?? label('instance-accelerator-count');
    specs.set(name, {
      instance: name,
      source,
      asOf,
      ...optional('vcpus', label('instance-cpu')),
      ...optional('memoryGiB', memoryMiB !== undefined ? memoryMiB / 1024 : undefined),
      ...optional('acceleratorName', text('instance-gpu-name') ?? text('instance-accelerator-name')),
      ...optional('acceleratorCount', gpus),
      ...optional('acceleratorMemoryMiB', label('instance-gpu-memory')),
      ...optional('networkGbps', networkMbps !== undefined ? networkMbps / 1000 : undefined),
    });
  }
  return specs;
}

/** One item of the Azure Retail Prices API (https://prices.azure.com/api/retail/prices). */
interface AzureRetailItem {
  readonly armSkuName?: string;
  readonly armRegionName?: string;
  readonly retailPrice?: number;
  readonly unitOfMeasure?: string;
  readonly type?: string;
  readonly serviceName?: string;
  readonly productName?: string;
  readonly skuName?: string;
  readonly meterName?: string;
  readonly currencyCode?: string;
  readonly effectiveStartDate?: string;
}

/**
 * Azure: pages of the Retail Prices API (`{ Items: [...], NextPageLink }`). Linux
 * pay-as-you-go is a Consumption row whose product is not "... Windows" and whose meter
 * is neither Spot nor Low Priority; Spot is the "<size> Spot" meter. Low Priority (Batch)
 * is not spot and is dropped, as are non-USD and non-hourly rows.
 */
export function parseAzureRetailPrices(pages: readonly string[], source: string, asOf: string): Snapshot {
  const offers: Offer[] = [];
  for (const page of pages) {
    const items = (JSON.parse(page) as { Items?: AzureRetailItem[] }).Items ?? [];
    for (const item of items) {
      if (item.serviceName !== 'Virtual Machines' || item.type !== 'Consumption' || item.unitOfMeasure !== '1 Hour') continue;
      if ((item.currencyCode ?? 'USD') !== 'USD' || !item.armSkuName || !item.armRegionName || !(item.retailPrice && item.retailPrice > 0)) continue;
      if (/windows/i.test(item.productName ?? '') || /low priority/i.test(`${item.skuName ?? ''} ${item.meterName ?? ''}`)) continue;
      const spot = /spot/i.test(`${item.skuName ?? ''} ${item.meterName ?? ''}`);
      offers.push({
        provider: 'azure',
        instance: item.armSkuName.toLowerCase(),
        region: item.armRegionName,
        pricing: spot ? 'spot' : 'on-demand',
        usdPerHour: item.retailPrice,
        asOf,
        source,
      });
    }
  }
  const regions = [...new Set(offers.map((o) => o.region))].sort();
  return { provider: 'azure', source, asOf, regions, offers: dedupe(offers) };
}

/** One SKU of the Cloud Billing Catalog API (services/6F81-5844-456A/skus, Compute Engine). */
interface GcpSku {
  readonly description?: string;
  readonly category?: { readonly resourceGroup?: string; readonly usageType?: string };
  readonly serviceRegions?: readonly string[];
  readonly pricingInfo?: readonly {
    readonly effectiveTime?: string;
    readonly pricingExpression?: { readonly usageUnit?: string; readonly tieredRates?: readonly { readonly unitPrice?: { readonly units?: string; readonly nanos?: number } }[] };
  }[];
}

/** How a GCP machine family is billed: which SKU descriptions price its vCPUs, memory and GPUs. */
export interface GcpFamilyRule {
  /** Machine-type prefix, e.g. "a3-highgpu-". */
  readonly prefix: string;
  readonly core: RegExp;
  readonly ram: RegExp;
  readonly gpu?: RegExp;
}

/** A machine type's shape, from the catalog (the billing API prices parts, not machine types). */
export interface GcpShape {
  readonly instance: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly gpus: number;
}

/**
 * GCP: Compute Engine SKUs priced per vCPU-hour, GiB-hour and GPU-hour; a machine type
 * costs vCPUs x core + GiB x ram + GPUs x gpu, per region, for OnDemand and Preemptible
 * (spot) usage. Bundled Local SSD is not included (noted in the report).
 */
export function parseGcpSkus(text: string, shapes: readonly GcpShape[], rules: readonly GcpFamilyRule[], source: string): Snapshot {
  const skus = (JSON.parse(text) as { skus?: GcpSku[] }).skus ?? [];
  const rate = (sku: GcpSku): number | undefined => {
    const tiers = sku.pricingInfo?.[0]?.pricingExpression?.tieredRates ?? [];
    const price = tiers[tiers.length - 1]?.unitPrice;
    return price ? Number(price.units ?? 0) + (price.nanos ?? 0) / 1e9 : undefined;
  };
  const dates = skus.map((s) => s.pricingInfo?.[0]?.effectiveTime?.slice(0, 10)).filter((d): d is string => !!d).sort();
  const asOf = dates[dates.length - 1] ?? '';
  const offers: Offer[] = [];
  const regions = new Set<string>();
  for (const shape of shapes) {
    const rule = rules.find((r) => shape.instance.startsWith(r.prefix));
    if (!rule) continue;
    for (const usage of ['OnDemand', 'Preemptible'] as const) {
      const matching = (re: RegExp | undefined) => (re ? skus.filter((s) => s.category?.usageType === usage && re.test(s.description ?? '')) : []);
      const core = matching(rule.core);
      const ram = matching(rule.ram);
      const gpu = matching(rule.gpu);
      for (const region of new Set(core.flatMap((s) => s.serviceRegions ?? []))) {
        const inRegion = (list: GcpSku[]) => list.find((s) => s.serviceRegions?.includes(region));
        const c = rate(inRegion(core) ?? {});
        const r = rate(inRegion(ram) ?? {});
        const g = rule.gpu ? rate(inRegion(gpu) ?? {}) : 0;
        if (c === undefined || r === undefined || g === undefined) continue;
        regions.add(region);
        const usdPerHour = Math.round((shape.vcpus * c + shape.memoryGiB * r + shape.gpus * g) * 1e6) / 1e6;
        offers.push({ provider: 'gcp', instance: shape.instance, region, pricing: usage === 'OnDemand' ? 'on-demand' : 'spot', usdPerHour, asOf, source });
      }
    }
  }
  return { provider: 'gcp', source, asOf, regions: [...regions].sort(), offers: dedupe(offers) };
}

/** One offer per instance, region and pricing model: a source that lists a type twice agrees with itself or keeps the first. */
function dedupe(offers: readonly Offer[]): Offer[] {
  const seen = new Map<string, Offer>();
  for (const offer of offers) {
    const key = `${offer.instance}|${offer.region}|${offer.pricing}`;
    if (!seen.has(key)) seen.set(key, offer);
  }
  return [...seen.values()];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
