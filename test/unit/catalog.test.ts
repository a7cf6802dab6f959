import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { normalizeName } from '../../server/src/core/catalog/lookup';
import { analyze } from '../../server/src/core/engine/analyze';
import { TEST_CATALOG_YAML } from '../helpers/fixtures';

const { catalog, problems } = loadCatalog(BUNDLED_CATALOG);
const chips = catalog.chips.all();
const instances = catalog.instances.all();
const models = catalog.models.all();
const TODAY = '2026-11-25';

describe('the bundled catalog', () => {
  it('passes its schema with no problems', () => {
    assert.deepEqual(problems, []);
    assert.ok(chips.length >= 30 && instances.length >= 40 && models.length >= 20);
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
      ...[...chips, ...instances, ...models].flatMap((e) => e.sources.map((s) => [e.id, s.asOf] as const)),
      ...instances.flatMap((i) => (i.prices ?? []).map((p) => [i.id, p.asOf] as const)),
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
    assert.equal(catalog.instance('ml.p5.48xlarge')?.id, 'p5.48xlarge');
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
    assert.ok(found[0]?.findings.some((f) => f.code === 'missing-field' && /vendor/.test(f.message)));
    assert.ok(found[0]?.findings.some((f) => f.code === 'invalid-value' && f.message.startsWith('chips[0].id must match pattern')));
    assert.ok(merged.chip('test-gpu'));
  });
});
