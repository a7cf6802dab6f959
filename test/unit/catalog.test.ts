import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { normalizeName } from '../../server/src/core/catalog/lookup';
import { analyze } from '../../server/src/core/engine/analyze';
import { REPO_ROOT, TEST_CATALOG_YAML } from '../helpers/fixtures';

// The data files as users and reviewers see them, through the same checks an override file gets.
const DATA = join(REPO_ROOT, 'server', 'data');
const DATA_FILES = ['chips.yaml', 'models.yaml', 'instances/aws.yaml', 'instances/gcp.yaml', 'instances/gcp-tpu-slices.yaml', 'instances/azure.yaml', 'serverless.yaml'];
const { catalog, problems } = loadCatalog(DATA_FILES.map((name) => ({ name, text: readFileSync(join(DATA, name), 'utf8') })));
const chips = catalog.chips.all();
const instances = catalog.instances.all();
const models = catalog.models.all();
// The day the newest source was read (UTC): no figure may claim a later date.
const TODAY = '2026-12-06';

describe('the bundled catalog', () => {
  it('passes its schema with no problems', () => {
    assert.deepEqual(problems, []);
    assert.ok(chips.length >= 30 && instances.length >= 40 && models.length >= 20);
  });

  it('is bundled with every file and entry', () => {
    assert.deepEqual(BUNDLED_CATALOG.map((f) => f.name), DATA_FILES.map((f) => `server/data/${f}`));
    const bundled = loadCatalog(BUNDLED_CATALOG).catalog;
    assert.deepEqual(bundled.instances.all().map((i) => i.id), instances.map((i) => i.id));
    assert.deepEqual(bundled.chip('h100-sxm'), catalog.chip('h100-sxm'));
  });

  it('names every instance’s accelerator as a chip it has', () => {
    for (const instance of instances) assert.ok(catalog.chip(instance.accelerator), `${instance.id}: unknown chip ${instance.accelerator}`);
  });

  it('keeps instance accelerator memory equal to chip memory × count, within rounding', () => {
    for (const instance of instances) {
      const chip = catalog.chip(instance.accelerator);
      if (instance.acceleratorMemoryGB === undefined || chip?.memoryGB === undefined) continue;
      const expected = chip.memoryGB * instance.acceleratorCount;
      assert.ok(Math.abs(instance.acceleratorMemoryGB - expected) / expected < 0.01, `${instance.id}: ${instance.acceleratorMemoryGB} GB vs ${expected} GB`);
    }
  });

  it('prices only regions the instance is offered in', () => {
    for (const instance of instances) {
      for (const price of instance.prices ?? []) {
        if (instance.regions) assert.ok(instance.regions.includes(price.region), `${instance.id}: price for ${price.region} not in its regions`);
        assert.ok(price.usdPerHour > 0 && price.usdPerHour < 1000, `${instance.id}: ${price.usdPerHour}/h`);
      }
    }
  });

  it('has no id or alias twice within a kind', () => {
    for (const [kind, entries] of [['chip', chips], ['instance', instances], ['model', models]] as const) {
      const seen = new Map<string, string>();
      for (const entry of entries) {
        for (const name of new Set([entry.id, ...(entry.aliases ?? [])].map(normalizeName))) {
          assert.ok(!seen.has(name), `${kind} name "${name}" used by ${seen.get(name)} and ${entry.id}`);
          seen.set(name, entry.id);
        }
      }
    }
  });

  it('dates every source, none in the future', () => {
    const dates = [
      ...[...chips, ...instances, ...models, ...catalog.tpuSlices].flatMap((e) => e.sources.map((s) => [e.id, s.asOf] as const)),
      ...[...instances, ...catalog.tpuSlices].flatMap((i) => (i.prices ?? []).map((p) => [i.id, p.asOf] as const)),
      ...catalog.serverless.map((o) => [o.id, o.asOf] as const),
    ];
    for (const [id, asOf] of dates) {
      assert.ok(!Number.isNaN(Date.parse(asOf)), `${id}: bad date ${asOf}`);
      assert.ok(asOf <= TODAY, `${id}: asOf ${asOf} is in the future`);
    }
  });

  it('keeps model shapes consistent', () => {
    for (const model of models) {
      assert.equal(model.attentionHeads % model.kvHeads, 0, `${model.id}: ${model.attentionHeads} heads, ${model.kvHeads} KV heads`);
      if (model.activeParametersB !== undefined) assert.ok(model.activeParametersB < model.parametersB, model.id);
      if (model.moe) assert.ok(model.moe.activeExperts < model.moe.experts, model.id);
    }
  });

  it('gets the known traps right', () => {
    const h100 = catalog.chip('h100-sxm');
    assert.equal(h100?.memoryBandwidthGBps, 3350);
    assert.equal(h100?.powerW, 700);
    assert.ok(Math.abs((h100?.denseTflops?.bf16 ?? 0) - 989) < 1, 'H100 bf16 is 989 dense, not the 1979 sparse figure');
    assert.equal(h100?.interconnect?.direction, 'bidirectional');
    assert.equal(catalog.chip('h100-pcie')?.memoryBandwidthGBps, 2000);
    assert.equal(catalog.chip('h100-nvl')?.memoryGB, 94);
    assert.equal(catalog.chip('h100-nvl')?.memoryBandwidthGBps, 3900);
    assert.equal(catalog.chip('b200')?.memoryGB, 180);
    const p5 = catalog.instance('p5.48xlarge');
    assert.equal(p5?.acceleratorMemoryGB, 640);
    assert.equal(p5?.prices?.find((p) => p.region === 'us-east-1' && p.pricing === 'on-demand')?.usdPerHour, 55.04);
  });
});

describe('names and aliases', () => {
  it('resolves aliases case-insensitively', () => {
    for (const name of ['H100', 'nvidia-h100-80gb', 'H100-SXM5-80GB', 'h100-sxm', ' h100 ']) assert.equal(catalog.chip(name)?.id, 'h100-sxm', name);
    assert.equal(catalog.instance('ml.p5.48xlarge')?.id, 'ml.p5.48xlarge', 'SageMaker’s own entry, with its prices');
    assert.equal(catalog.instance('ML.P5.4XLARGE')?.id, 'p5.4xlarge', 'no SageMaker entry: the EC2 hardware');
    assert.equal(catalog.instance('P5.48XLARGE')?.id, 'p5.48xlarge');
    assert.equal(catalog.model('meta-llama/Llama-3.1-70B-Instruct')?.id, 'llama-3.1-70b');
    assert.equal(catalog.model('LLAMA-3.1-70B')?.id, 'llama-3.1-70b');
  });

  it('matches names that differ only in separators when that names one entry', () => {
    assert.equal(catalog.chip('H100 SXM')?.id, 'h100-sxm');
    assert.equal(catalog.chip('mi300 x')?.id, 'mi300x');
  });

  it('suggests the nearest names for an unknown one', () => {
    assert.deepEqual(catalog.instances.suggest('p5.48xlarg').slice(0, 1), ['p5.48xlarge']);
    assert.equal(catalog.models.suggest('llama-3.1-405')[0], 'llama-3.1-405b');
    assert.deepEqual(catalog.chips.suggest('zzzzzzzzzzzz'), []);
  });
});

describe('catalog files', () => {
  it('merges a later file over an earlier one by id, and the estimate follows the new price', () => {
    const override = TEST_CATALOG_YAML.replace('usdPerHour: 36', 'usdPerHour: 18');
    const base = loadCatalog([{ name: 'base', text: TEST_CATALOG_YAML }]).catalog;
    const merged = loadCatalog([{ name: 'base', text: TEST_CATALOG_YAML }, { name: 'override', text: override }]).catalog;
    const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: test-dense-10b }\n  hardware: { instance: test.8x, region: us-east-1 }\n';
    assert.equal(analyze(text, base).deployments[0]?.estimate?.costPerHour, 36);
    assert.equal(analyze(text, merged).deployments[0]?.estimate?.costPerHour, 18);
  });

  it('reports a malformed file with findings and keeps the rest of the catalog', () => {
    const bad = 'chips:\n  - id: Bad Id\n    name: x\n';
    const { catalog: merged, problems: found } = loadCatalog([{ name: 'base', text: TEST_CATALOG_YAML }, { name: 'bad.yaml', text: bad }]);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.file, 'bad.yaml');
    assert.deepEqual(
      found[0]?.findings.map((f) => [f.code, f.message]),
      [['invalid-value', "chips[0].id: must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"]],
    );
    assert.ok(merged.chip('test-gpu'));
  });
});

describe('overrides', () => {
  const base = { name: 'base', text: TEST_CATALOG_YAML };

  it('changes one price of an existing instance without restating the instance', () => {
    const override = `instances:\n  - id: test.8x\n    prices:\n      - { region: us-east-1, pricing: on-demand, usdPerHour: 20, asOf: "2026-11-01", source: "https://example.com/contract" }\n`;
    const { catalog: merged, problems: found } = loadCatalog([base, { name: 'override.yaml', text: override }]);
    assert.deepEqual(found, []);
    const prices = merged.instance('test.8x')?.prices?.map((p) => [p.region, p.usdPerHour]);
    assert.deepEqual(prices, [['us-west-2', 30], ['us-east-1', 20]]);
    assert.equal(merged.instance('test.8x')?.acceleratorCount, 8, 'the rest of the entry is kept');
  });

  it('adds a region and its price', () => {
    const override = `instances:\n  - id: test.8x\n    regions: [eu-west-1]\n    prices:\n      - { region: eu-west-1, pricing: spot, usdPerHour: 12, asOf: "2026-11-01", source: "https://example.com/spot" }\n`;
    const merged = loadCatalog([base, { name: 'override.yaml', text: override }]).catalog.instance('test.8x');
    assert.deepEqual(merged?.regions, ['us-east-1', 'us-west-2', 'eu-west-1']);
    assert.equal(merged?.prices?.length, 3);
  });

  it('rejects a new entry that lacks required fields, at the entry, and keeps the others', () => {
    const override = `chips:\n  - id: private-chip\n    name: Our chip\n`;
    const { catalog: merged, problems: found } = loadCatalog([base, { name: 'override.yaml', text: override }]);
    assert.equal(merged.chip('private-chip'), undefined);
    assert.deepEqual(
      found[0]?.findings.map((f) => f.message),
      [
        'chips[0] is missing the required field "vendor".',
        'chips[0] is missing the required field "type".',
        'chips[0] is missing the required field "family".',
        'chips[0] is missing the required field "sources".',
      ],
    );
    assert.ok(merged.chip('test-gpu'));
  });

  it('rejects absurd prices and unknown keys', () => {
    const override = `instances:\n  - id: test.8x\n    prices:\n      - { region: us-east-1, pricing: on-demand, usdPerHour: 1e308, asOf: "2026-11-01", source: "https://example.com/x" }\n  - id: test.8x\n    __proto__: { polluted: true }\n`;
    const { catalog: merged, problems: found } = loadCatalog([base, { name: 'override.yaml', text: override }]);
    assert.equal(merged.instance('test.8x')?.prices?.find((p) => p.region === 'us-east-1')?.usdPerHour, 36);
    assert.ok(found[0]?.findings.some((f) => f.message === 'instances[0].prices[0].usdPerHour must be <= 100000, not 1e+308.'));
    assert.ok(found[0]?.findings.some((f) => f.code === 'unknown-field' && f.message.startsWith('Unknown field "__proto__"')));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('TPU slices', () => {
  const families = catalog.tpuSlices;

  it('name chips the catalog has, price only regions they list, and agree with the listed single-host slices', () => {
    assert.deepEqual(families.map((f) => f.id), ['v6e', 'v5e', 'v5p']);
    for (const family of families) {
      assert.equal(catalog.chip(family.accelerator)?.family, 'google-tpu', family.id);
      for (const price of family.prices ?? []) assert.ok(family.regions?.includes(price.region), `${family.id}: ${price.region}`);
    }
    for (const instance of instances) {
      const slice = catalog.sliceName(instance.id);
      if (!slice) continue;
      assert.equal(slice.chips, instance.acceleratorCount, `${instance.id}: the naming rule says ${slice.chips} chips`);
      assert.ok(slice.family.sizes.includes(slice.size), `${instance.id} is not a size of ${slice.family.id}`);
    }
  });

  it('resolves any offered size by the naming rule: v6e counts chips, v5p counts TensorCores', () => {
    const v6e64 = catalog.instance('v6e-64');
    assert.equal(v6e64?.accelerator, 'tpu-v6e');
    assert.equal(v6e64?.acceleratorCount, 64);
    assert.equal(catalog.instance('TPU-V6E-64')?.id, 'v6e-64', 'SkyPilot spelling, any case');
    assert.equal(catalog.instance('v5p-128')?.acceleratorCount, 64);
    assert.equal(catalog.instance('v5litepod-16')?.acceleratorCount, 16);
    assert.equal(catalog.instance('v6e-12'), undefined);
    assert.equal(catalog.instance('v5p-9'), undefined, 'half a chip');
  });

  it('prices a slice per chip-hour, with the price’s own date and source', () => {
    const perChip = families.find((f) => f.id === 'v6e')?.prices?.find((p) => p.region === 'us-central1' && p.pricing === 'on-demand');
    const slice = catalog.instance('v6e-64')?.prices?.find((p) => p.region === 'us-central1' && p.pricing === 'on-demand');
    assert.equal(slice?.usdPerHour, 172.8);
    assert.equal(slice?.usdPerHour, Math.round((perChip?.usdPerChipHour ?? 0) * 64 * 1e6) / 1e6);
    assert.equal(slice?.source, perChip?.source);
    // A listed slice keeps its host figures and takes the family's chip-hour price.
    const v5p8 = catalog.instance('ct5p-hightpu-4t');
    assert.equal(v5p8?.id, 'v5p-8');
    assert.equal(v5p8?.vcpus, 208);
    assert.equal(v5p8?.prices?.find((p) => p.region === 'us-central1' && p.pricing === 'on-demand')?.usdPerHour, 16.8);
  });

  it('follows an override of the chip-hour price into every slice', () => {
    const override = `tpuSlices:\n  - id: v6e\n    prices:\n      - { region: us-central1, pricing: on-demand, usdPerChipHour: 2, asOf: "2026-11-01", source: "https://example.com/cud" }\n`;
    const files = [...DATA_FILES.map((name) => ({ name, text: readFileSync(join(DATA, name), 'utf8') })), { name: 'override.yaml', text: override }];
    const { catalog: merged, problems: found } = loadCatalog(files);
    assert.deepEqual(found, []);
    assert.equal(merged.instance('v6e-64')?.prices?.find((p) => p.region === 'us-central1')?.usdPerHour, 128);
    assert.equal(merged.instance('v6e-64')?.prices?.find((p) => p.region === 'europe-west4')?.usdPerHour, 190.08, 'other regions kept');
  });

  it('says which sizes exist when a name has one Google does not offer', () => {
    const manifest = [
      'apiVersion: inference-lens/v1',
      'kind: InferenceDeployment',
      'metadata: { name: big }',
      'spec:',
      '  model: { name: llama-3.1-70b }',
      '  hardware: { instance: v6e-12, region: us-central1 }',
    ].join('\n');
    const finding = analyze(manifest, catalog).findings.find((f) => f.code === 'unknown-instance');
    assert.equal(
      finding?.message,
      'Cloud TPU v6e (Trillium) slices come in 1, 4, 8, 16, 32, 64, 128, 256 chips, not 12. Did you mean "v6e-8", "v6e-16", "v6e-4"?',
    );
  });
});

describe('serverless offers', () => {
  it('name catalog models, with non-negative prices, and sort cheapest first', () => {
    assert.ok(catalog.serverless.length >= 20);
    for (const offer of catalog.serverless) {
      assert.ok(catalog.model(offer.model), `${offer.id}: unknown model ${offer.model}`);
      assert.ok(offer.id.startsWith(`${offer.provider}/`), offer.id);
      assert.ok(offer.usdPerMillionInputTokens >= 0 && offer.usdPerMillionOutputTokens >= 0, offer.id);
    }
    const prices = catalog.serverlessFor('llama-3.3-70b').map((o) => o.usdPerMillionOutputTokens);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
  });
});
