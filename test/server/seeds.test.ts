import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeLensRequest, DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import type { Precision } from '../../server/src/core/catalog/types';
import { BYTES_PER_WEIGHT } from '../../server/src/core/estimator/memory';
import { LspClient, serverForTests } from '../helpers/lspClient';
import { REPO_ROOT } from '../helpers/fixtures';

// Every seed system of issue 14 — Graviton 2–5, Trainium 1–3, Inferentia 1–2, Cerebras WSE-2/3,
// Groq, TPU v5e–TPU7x, Maia 100/200, H100–GB300 — opened in the real server: each shows a
// speed, a cost (or says why there is none) and a fit, and no error.

const SEEDS = join(REPO_ROOT, 'test', 'fixtures', 'seed');
const catalog = loadCatalog(BUNDLED_CATALOG).catalog;

/** How each seed's cost is shown: priced, or the reason it is not. */
const NO_PRICE: Readonly<Record<string, string>> = {
  trainium2: 'no trn2.48xlarge price in the catalog for this region and pricing model',
  tpu7x: 'no tpu7x-8 price in the catalog for this region and pricing model',
  gb300: 'no standard_nd128isr_gb300_v6 price in the catalog for this region and pricing model',
  trainium3: 'a bare accelerator has no price: declare an instance',
  'maia-100': 'a bare accelerator has no price: declare an instance',
  'maia-200': 'a bare accelerator has no price: declare an instance',
  'wse-2': 'a bare accelerator has no price: declare an instance',
  'wse-3': 'a bare accelerator has no price: declare an instance',
  'groq-lpu': 'a bare accelerator has no price: declare an instance',
};

/** Parts without a published dense peak: one user's decode is timed, TTFT and throughput are said to be unknown. */
const ONE_STREAM_ONLY = new Set(['wse-2', 'wse-3']);

const SYSTEMS = [
  'graviton2', 'graviton3', 'graviton4', 'graviton5', 'trainium', 'trainium2', 'trainium3', 'inferentia', 'inferentia2', 'wse-2', 'wse-3', 'groq-lpu',
  'tpu-v5e', 'tpu-v5p', 'tpu-v6e', 'tpu7x', 'maia-100', 'maia-200', 'h100', 'h200', 'b200', 'gb200', 'b300', 'gb300',
];

let workspace = '';
let client: LspClient;

serverForTests('seeds', (started, folder) => {
  client = started;
  workspace = folder;
});

/** The $/h a user should see: the catalog's on-demand price of the declared instance in the declared region. */
function listedPrice(text: string): number | undefined {
  const instance = /instance: ([\w.-]+)/.exec(text)?.[1];
  const region = /region: ([\w-]+)/.exec(text)?.[1];
  return catalog.instance(instance ?? '')?.prices?.find((p) => p.region === region && p.pricing === 'on-demand')?.usdPerHour;
}

/** Usable capacity the fit lens should show: chips × memory (device, SRAM or host) × 0.9. */
function usableGB(text: string): number {
  const instance = catalog.instance(/instance: ([\w.-]+)/.exec(text)?.[1] ?? '');
  const chip = catalog.chip(instance?.accelerator ?? /accelerator: ([\w.-]+)/.exec(text)?.[1] ?? '');
  if (chip?.type === 'cpu') return (instance?.memoryGiB ?? NaN) * 1.073741824 * 0.9;
  const perChip = chip?.memoryGB ?? (chip?.sramMB ?? NaN) / 1000;
  const count = instance?.acceleratorCount ?? Number(/count: (\d+)/.exec(text)?.[1]);
  return count * perChip * 0.9;
}

/**
 * The fastest one user can be served: every token streams the weights once through the
 * tensor group's memory bandwidth (a CPU instance gets its vCPUs' share of the socket's).
 * No efficiency can beat it; SRAM parts read their SRAM bandwidth.
 */
function rooflineTokensPerSecond(text: string): number {
  const instance = catalog.instance(/instance: ([\w.-]+)/.exec(text)?.[1] ?? '');
  const chip = catalog.chip(instance?.accelerator ?? /accelerator: ([\w.-]+)/.exec(text)?.[1] ?? '');
  const model = catalog.model(/id: ([\w.-]+)/.exec(text)?.[1] ?? '');
  const precision = /precision: (\w+)/.exec(text)?.[1] as Precision;
  const tensor = Number(/tensor: (\d+)/.exec(text)?.[1] ?? 1);
  const share = chip?.type === 'cpu' ? Math.min(1, (instance?.vcpus ?? NaN) / (chip.cores ?? NaN)) : 1;
  const bandwidth = (chip?.memoryBandwidthGBps ?? chip?.sramBandwidthGBps ?? NaN) * 1e9 * share;
  return (tensor * bandwidth) / ((model?.parametersB ?? NaN) * 1e9 * BYTES_PER_WEIGHT[precision]);
}

describe('seed systems in the lens', () => {
  it('has one manifest per seed system', () => {
    assert.deepEqual(readdirSync(SEEDS).map((f) => f.replace(/\.yaml$/, '')).sort(), [...SYSTEMS].sort());
  });

  for (const system of SYSTEMS) {
    it(`${system}: speed, cost and fit, no error`, async () => {
      const text = readFileSync(join(SEEDS, `${system}.yaml`), 'utf8');
      const uri = pathToFileURL(join(workspace, `${system}.yaml`)).href;
      const diagnostics = await client.open(uri, text);
      assert.deepEqual(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.message), []);
      const titles = ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []).map((l) => l.command?.title ?? '');
      assert.equal(titles.length, 4, titles.join(' | '));
      const [cost, speed, fit] = titles as [string, string, string];

      const price = listedPrice(text);
      if (NO_PRICE[system]) {
        assert.equal(price, undefined);
        assert.equal(cost, `cost unknown: ${NO_PRICE[system]}`);
      } else {
        assert.ok(price !== undefined, `${system} is priced in the catalog`);
        const shown = /^\$([\d.,]+)\/h · ≈ \$([\d.,]+) \/ 1M output tokens$/.exec(cost);
        assert.ok(shown, cost);
        assert.ok(Math.abs(Number(shown[1]!.replace(/,/g, '')) - price) / price < 0.01, `${cost} vs $${price}/h`);
        assert.ok(Number(shown[2]!.replace(/,/g, '')) > 0);
      }

      const perUser = Number(/≈ ([\d,.]+) tok\/s per user/.exec(speed)?.[1]?.replace(/,/g, ''));
      const bound = rooflineTokensPerSecond(text);
      assert.ok(perUser > 0 && perUser < bound, `${speed}: one user cannot beat the bandwidth bound of ${bound.toFixed(1)} tok/s`);
      if (ONE_STREAM_ONLY.has(system)) {
        assert.match(speed, /^≈ [\d,.]+ tok\/s per user \(TPOT ≈ [\d.]+ ms\) · TTFT and throughput unknown$/);
      } else {
        assert.match(speed, /^TTFT ≈ [\d,.]+ ms · ≈ [\d,.]+ tok\/s per user · ≈ [\d,.]+ tok\/s total$/);
      }

      const capacity = Number(/^fits: [\d.,]+ of ([\d.,]+) GB · /.exec(fit)?.[1]?.replace(/,/g, ''));
      const expected = usableGB(text);
      assert.ok(Math.abs(capacity - expected) / expected < 0.01, `${fit}: usable ${expected.toFixed(1)} GB expected`);
    });
  }
});
