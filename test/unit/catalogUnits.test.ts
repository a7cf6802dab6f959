import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { catalogFreshness } from '../../server/src/core/catalog/freshness';
import { toGB, toGBps } from '../../server/src/core/catalog/units';
import { chipCard } from '../../server/src/core/present/cards';
import { entryCard } from '../../server/src/cli/catalogCard';
import { catalogStats, coverageLines } from '../../server/src/cli/catalogOutput';
import { REPO_ROOT } from '../helpers/fixtures';

// Units: every memory and bandwidth figure is written as its source states it and
// converted by the loader, in one place. These tests catch the class of error where a
// GiB (or GiB/s) figure is copied as GB: TPU7x "192 GiB", Neuron "820 GiB/s", "B300-SXM-270GB".
const DATA = join(REPO_ROOT, 'server', 'data');
const FILES = ['chips.yaml', 'models.yaml', 'instances/aws.yaml', 'instances/gcp.yaml', 'instances/gcp-tpu-slices.yaml', 'instances/azure.yaml', 'serverless.yaml'];
const texts = FILES.map((name) => ({ name, text: readFileSync(join(DATA, name), 'utf8') }));
const { catalog, problems } = loadCatalog(texts);
const raw = texts.map(({ name, text }) => ({ name, data: YAML.parse(text) as Record<string, Record<string, unknown>[] | undefined> }));

describe('memory and bandwidth units', () => {
  it('record every figure with the unit its source used, never a hand-converted decimal figure', () => {
    assert.deepEqual(problems, []);
    for (const { name, data } of raw) {
      for (const chip of data['chips'] ?? []) {
        assert.equal(chip['memoryGB'], undefined, `${name} ${String(chip['id'])}: write memory: { value, unit }`);
        assert.equal(chip['memoryBandwidthGBps'], undefined, `${name} ${String(chip['id'])}: write memoryBandwidth: { value, unit }`);
      }
      for (const instance of data['instances'] ?? []) {
        assert.equal(instance['acceleratorMemoryGB'], undefined, `${name} ${String(instance['id'])}: write acceleratorMemory: { value, unit }`);
      }
    }
  });

  it('converts in the loader: every decimal figure is the published one converted', () => {
    let converted = 0;
    for (const chip of catalog.chips.all()) {
      if (chip.memory) assert.equal(chip.memoryGB, toGB(chip.memory), chip.id);
      if (chip.memoryBandwidth) assert.equal(chip.memoryBandwidthGBps, toGBps(chip.memoryBandwidth), chip.id);
      if (chip.memoryGB !== undefined) assert.ok(chip.memory, `${chip.id}: memoryGB without its published figure`);
      if (chip.memoryBandwidthGBps !== undefined) assert.ok(chip.memoryBandwidth, `${chip.id}: bandwidth without its published figure`);
      if (chip.memory?.unit !== 'GB') converted += 1;
    }
    for (const instance of catalog.instances.all()) {
      if (instance.acceleratorMemoryGB !== undefined) assert.equal(instance.acceleratorMemoryGB, toGB(instance.acceleratorMemory ?? { value: NaN, unit: 'GB' }), instance.id);
    }
    assert.ok(converted >= 12, `${converted} chips publish memory in a binary unit`);
  });

  it('converts binary and decimal units exactly', () => {
    assert.equal(toGB({ value: 192, unit: 'GiB' }), 206.16);
    assert.equal(toGB({ value: 275040, unit: 'MiB' }), 288.4);
    assert.equal(toGB({ value: 22888, unit: 'MiB' }), 24);
    assert.equal(toGBps({ value: 820, unit: 'GiB/s' }), 880.47);
    assert.equal(toGBps({ value: 2.9, unit: 'TB/s' }), 2900);
  });

  it('reads Google’s TPU tables and AWS Neuron pages as binary units (they state GiB and GiB/s)', () => {
    const binarySources = [/cloud\.google\.com\/tpu\/docs/, /awsdocs-neuron/];
    for (const chip of catalog.chips.all()) {
      const fromBinaryTable = chip.sources.some((s) => binarySources.some((re) => re.test(s.url)) && (!s.covers || s.covers.includes('memoryGB')));
      if (fromBinaryTable && chip.memory) assert.equal(chip.memory.unit, 'GiB', `${chip.id}: ${chip.memory.value} ${chip.memory.unit} from a GiB table`);
    }
    assert.equal(catalog.chip('tpu7x')?.memoryGB, 206.16);
    assert.equal(catalog.chip('tpu-v6e')?.memoryGB, 34.36);
    assert.equal(catalog.chip('tpu-v5p')?.memoryGB, 102.01);
    assert.equal(catalog.chip('inferentia2')?.memoryBandwidthGBps, 880.47);
    assert.equal(catalog.chip('trainium')?.memoryBandwidthGBps, 880.47);
    assert.equal(catalog.chip('trainium2')?.memoryBandwidthGBps, 2900);
  });

  it('takes B300 memory from NVIDIA’s 288 GB, which AWS’s 275,040 MiB per GPU confirms (not the "270GB" part name)', () => {
    const b300 = catalog.chip('B300');
    assert.equal(b300?.memoryGB, 288);
    const p6 = catalog.instance('p6-b300.48xlarge');
    assert.equal(p6?.acceleratorMemoryGB, 2307.2);
    assert.ok(Math.abs((p6?.acceleratorMemoryGB ?? 0) / 8 - (b300?.memoryGB ?? 0)) < 1);
  });

  it('lets an override state a decimal figure, which replaces the published one', () => {
    const base = { name: 'base', text: 'chips:\n  - { id: x1, name: X1, vendor: intel, type: accelerator, family: x, memory: { value: 32, unit: GiB }, sources: [{ url: "https://example.com/x1", asOf: "2026-01-01" }] }\n' };
    assert.equal(loadCatalog([base]).catalog.chip('x1')?.memoryGB, 34.36);
    const merged = loadCatalog([base, { name: 'override', text: 'chips:\n  - { id: x1, memoryGB: 30 }\n' }]).catalog.chip('x1');
    assert.equal(merged?.memoryGB, 30);
    assert.equal(merged?.memory, undefined, 'the published 32 GiB no longer describes the figure');
    const bad = loadCatalog([{ name: 'bad', text: 'chips:\n  - { id: x2, name: X2, vendor: intel, type: accelerator, family: x, memory: { value: 32, unit: gigabytes }, sources: [{ url: "https://example.com/x2", asOf: "2026-01-01" }] }\n' }]);
    assert.equal(bad.catalog.chip('x2'), undefined);
    assert.equal(bad.problems[0]?.findings.length, 1);
  });
});

describe('derived figures', () => {
  it('name a formula and every input with its source, and the inputs give the figure', () => {
    const derived = catalog.chips.all().filter((c) => c.derived);
    assert.deepEqual(derived.map((c) => c.id).sort(), ['b200', 'gb200', 'graviton2', 'graviton3', 'graviton4', 'graviton5']);
    let figures = 0;
    for (const chip of derived) {
      for (const [field, figure] of Object.entries(chip.derived ?? {})) {
        for (const input of figure.inputs) assert.match(input.source, /^https:\/\//, `${chip.id}: ${input.name}`);
        // Multiplied inputs over dividing ones, in the formula's unit, converted like any published figure.
        const value = figure.inputs.reduce((q, i) => (i.divides ? q / i.value : q * i.value), 1);
        // A derived peak (a CPU's fp32 vector rate) is in MFLOPS; memory and bandwidth convert like published figures.
        const expected =
          field === 'denseTflops' ? value / 1e6 : field === 'memoryGB' ? toGB({ value, unit: figure.unit as 'TB' }) : toGBps({ value, unit: figure.unit as 'MB/s' });
        const recorded = field === 'denseTflops' ? (chip.denseTflops?.fp32 ?? NaN) : ((chip as unknown as Record<string, number>)[field] ?? NaN);
        assert.ok(Math.abs(expected - recorded) / recorded < 0.005, `${chip.id} ${field}: inputs give ${expected}, recorded ${recorded}`);
        figures += 1;
      }
    }
    assert.equal(figures, 11);
    assert.equal(catalog.chip('graviton3')?.memoryBandwidthGBps, 307.2);
    assert.equal(catalog.chip('graviton3')?.denseTflops?.fp32, 5.3248);
    assert.equal(catalog.chip('graviton4')?.memoryBandwidthGBps, 537.6);
  });

  it('counts the two Graviton4 sockets of a 48xlarge', () => {
    for (const id of ['c8g.48xlarge', 'm8g.48xlarge', 'r8g.48xlarge']) {
      const instance = catalog.instance(id);
      assert.equal(instance?.acceleratorCount, 2, id);
      assert.equal(instance?.vcpus, 192, id);
    }
    assert.equal(catalog.instance('c8g.24xlarge')?.acceleratorCount, 1);
  });
});

describe('names users type', () => {
  it('resolve to the chip they mean', () => {
    const expected: Record<string, string> = {
      'CS-3': 'wse-3',
      'cs-2': 'wse-2',
      B300: 'b300',
      GB300: 'gb300',
      'RTX PRO 6000': 'rtx-pro-6000',
      'rtx-pro-server-6000': 'rtx-pro-6000',
      'NVIDIA-H100-80GB-HBM3': 'h100-sxm',
      'NVIDIA-A100-SXM4-80GB': 'a100-80gb',
      'NVIDIA-A100-SXM4-40GB': 'a100-40gb',
      'NVIDIA-H200': 'h200',
      'NVIDIA-B200': 'b200',
      'NVIDIA-GB200': 'gb200',
      'NVIDIA-L4': 'l4',
      'NVIDIA-L40S': 'l40s',
      'NVIDIA-A10G': 'a10g',
      'NVIDIA-B300-SXM6-AC': 'b300',
      'Graviton 5': 'graviton5',
    };
    for (const [name, id] of Object.entries(expected)) assert.equal(catalog.chip(name)?.id, id, name);
  });
});

describe('freshness', () => {
  const CUTOFF = '2025-12-05'; // 12 months before this pass (2026-12-05)
  it('dates every price within 12 months, or says why not', () => {
    const stale = [
      ...catalog.instances.all().flatMap((i) => (i.prices ?? []).map((p) => ({ id: `${i.id} ${p.region} ${p.pricing}`, asOf: p.asOf, note: p.asOfNote }))),
      ...catalog.tpuSlices.flatMap((f) => (f.prices ?? []).map((p) => ({ id: `${f.id} ${p.region} ${p.pricing}`, asOf: p.asOf, note: p.asOfNote }))),
      ...catalog.serverless.map((o) => ({ id: o.id, asOf: o.asOf, note: o.asOfNote })),
    ].filter((p) => p.asOf < CUTOFF && !p.note);
    assert.deepEqual(stale, []);
  });
});

describe('cards', () => {
  const chip = (id: string) => {
    const found = catalog.chip(id);
    assert.ok(found, id);
    return found;
  };

  it('show a derived figure as derived, with its formula', () => {
    assert.match(chipCard(chip('graviton3')), /\| Bandwidth \| 307 GB\/s · _derived: 8 DDR channels x 4,800 MT\/s x 8 bytes per transfer = 307\.2 GB\/s per socket_ \|/);
    const card = entryCard({ kind: 'chip', entry: chip('graviton4') }, catalog);
    assert.match(card, /^ {2}Bandwidth +537\.6 GB\/s \(derived: 12 DDR channels x 5,600 MT\/s x 8 bytes per transfer = 537\.6 GB\/s per socket\) {2}\[1\]\[2\]$/m);
    assert.match(card, /^ {2}\[2\] https:\/\/en\.wikichip\.org\/wiki\/graviton_4 \(as of 2026-12-05\)$/m, 'the MT/s input’s own source is listed');
    assert.match(chipCard(chip('graviton4')), /\[en\.wikichip\.org\]\(https:\/\/en\.wikichip\.org\/wiki\/graviton_4\) \(2026-12-05\)/);
    assert.match(
      card,
      /^ {2}Dense TFLOPS +fp32 8\.6016 \(derived: 96 cores x 2,800 MHz x 4 SIMD units \(4x Neon\/SVE 128-bit\) x 4 fp32 lanes x 2 FLOPs per FMA = 8\.6016 TFLOPS fp32 per socket\) {2}\[1\]\[3\]$/m,
      'the CPU peak is derived from the Graviton guide and its perf runbook',
    );
  });

  it('show the unit a figure was published in when it was converted', () => {
    assert.match(chipCard(chip('tpu7x')), /\| Memory \| 206\.2 GB · _stated as 192 GiB_ \|/);
    assert.match(entryCard({ kind: 'chip', entry: chip('inferentia2') }, catalog), /^ {2}Bandwidth +880\.47 GB\/s \(stated as 820 GiB\/s\)/m);
    assert.doesNotMatch(chipCard(chip('h100-sxm')), /stated as/);
  });

  it('say a disputed peak is disputed', () => {
    assert.match(chipCard(chip('gaudi3')), /\| Dense TFLOPS \| bf16 1,835 · fp8 1,835 · _disputed: Intel's 1,835 TFLOPS assumes a 1,750 MHz MME clock/);
    assert.match(entryCard({ kind: 'chip', entry: chip('maia-200') }, catalog), /Dense TFLOPS +fp8 5,000 · fp4 10,000 \(disputed: Microsoft/);
  });
});

describe('catalog freshness in the language status', () => {
  it('gives the catalog’s date, and past 120 days says how old it is', () => {
    assert.equal(catalogFreshness('2026-11-25', '2026-12-05').text, 'catalog as of 2026-11-25');
    assert.equal(catalogFreshness('2026-08-07', '2026-12-05').stale, false, '120 days is not yet stale');
    const old = catalogFreshness('2026-07-20', '2026-12-05');
    assert.deepEqual([old.stale, old.ageDays, old.text], [true, 138, 'catalog as of 2026-07-20 · 138 days old, prices may have moved']);
    assert.equal(catalogFreshness(null, '2026-12-05').text, 'catalog date unknown');
  });

  it('dates the bundled catalog by its newest figure', () => {
    assert.equal(catalog.asOfRange().newest, '2026-12-06');
  });
});

describe('catalog --stats coverage', () => {
  it('shows where instances, chips and offers come from, and how figures are known', () => {
    const { coverage } = catalogStats(catalog);
    const instances = catalog.instances.all();
    assert.equal(coverage.instancesByProvider['aws'], instances.filter((i) => i.provider === 'aws').length);
    assert.deepEqual([coverage.derivedFigures, coverage.disputedFigures], [11, 3]);
    assert.equal(coverage.pricesOlderThan12Months, catalog.serverless.filter((o) => o.asOfNote).length);
    const lines = coverageLines(coverage).split('\n');
    assert.equal(lines[0], 'newest asOf: 2026-12-06');
    assert.equal(lines[5], 'derived figures: 11; disputed figures: 3');
    assert.match(lines[2] ?? '', /^chips by vendor: amd \d+, aws \d+, cerebras 2, google 5, groq 1, intel \d+, microsoft 2, nvidia \d+$/);
  });
});
