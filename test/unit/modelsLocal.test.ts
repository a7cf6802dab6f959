import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUNDLED_CATALOG } from '../../server/src/bundledCatalog';
import { loadCatalog } from '../../server/src/core/catalog/catalog';
import { analyze } from '../../server/src/core/engine/analyze';
import { defaultHfHome, withLocalModels } from '../../server/src/node/models';
import { LLAMA_8B_CONFIG } from '../helpers/fixtures';

const REVISION = '0123456789abcdef0123456789abcdef01234567';

// Everything lives in a folder this test makes and removes: a Hugging Face home and a workspace.
const root = mkdtempSync(join(tmpdir(), 'inference-lens-models-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

const hfHome = join(root, 'hf');
const repo = join(hfHome, 'hub', 'models--acme--house-7b');
write(join(repo, 'refs', 'main'), REVISION);
write(join(repo, 'snapshots', REVISION, 'config.json'), LLAMA_8B_CONFIG);
// A cached model the catalog already has: its bundled entry must win.
write(join(hfHome, 'hub', 'models--Qwen--Qwen2.5-7B-Instruct', 'refs', 'main'), REVISION);
write(join(hfHome, 'hub', 'models--Qwen--Qwen2.5-7B-Instruct', 'snapshots', REVISION, 'config.json'), { ...LLAMA_8B_CONFIG, num_hidden_layers: 2 });
// A dataset in the cache is not a model.
write(join(hfHome, 'hub', 'datasets--acme--chats', 'refs', 'main'), REVISION);

const workspace = join(root, 'workspace');
write(join(workspace, '.inference-lens', 'models', 'acme__tiny-1b.json'), { ...LLAMA_8B_CONFIG, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, tie_word_embeddings: true });
write(join(workspace, '.inference-lens', 'models', 'exotic.json'), { model_type: 'mamba', num_hidden_layers: 64, hidden_size: 2560, num_attention_heads: 1 });
write(join(workspace, '.inference-lens', 'models', 'broken.json'), '{ "model_type": ');

const bundled = loadCatalog(BUNDLED_CATALOG).catalog;
const trusted = withLocalModels(bundled, { workspaceFolders: [workspace], hfHome });

describe('local model files (trusted workspace)', () => {
  it('adds a model from the Hugging Face cache, read from the snapshot refs/main names', () => {
    const model = trusted.catalog.model('acme/house-7b');
    assert.deepEqual(
      model && [model.id, model.name, model.parametersB, model.layers, model.kvHeads, model.headDim, model.maxContextTokens, model.nativePrecision],
      ['acme--house-7b', 'house-7b', 8.03, 32, 8, 128, 131072, 'bf16'],
    );
    assert.deepEqual(model?.sources, [{ url: `https://huggingface.co/acme/house-7b/blob/${REVISION}/config.json`, asOf: model?.sources[0]?.asOf }]);
  });

  it('adds a model from .inference-lens/models/*.json, named org__name by its file', () => {
    const model = trusted.catalog.model('acme/tiny-1b');
    assert.deepEqual(model && [model.layers, model.hiddenSize, model.parametersB], [16, 2048, 1.236]);
    assert.match(model?.sources[0]?.url ?? '', /^file:\/\/.*acme__tiny-1b\.json$/);
  });

  it('never replaces a bundled model, and reports the files it could not use', () => {
    assert.equal(trusted.catalog.model('Qwen/Qwen2.5-7B-Instruct')?.layers, 28);
    assert.deepEqual(
      trusted.local.problems.map((p) => [p.file.slice(workspace.length + 1), p.reason]),
      [
        [join('.inference-lens', 'models', 'broken.json'), 'Unexpected end of JSON input'],
        [join('.inference-lens', 'models', 'exotic.json'), `its parameters cannot be counted from a "mamba" config; describe it with the catalog's model fields instead`],
      ],
    );
    assert.deepEqual(trusted.local.models.map((m) => m.id).sort(), ['acme--house-7b', 'acme--tiny-1b']);
  });

  it('estimates a deployment of a cached model like a bundled one', () => {
    const text = 'apiVersion: inference-lens/v1\nkind: InferenceDeployment\nspec:\n  model: { id: acme/house-7b }\n  hardware: { instance: p5.48xlarge, region: us-east-1 }\n';
    const deployment = analyze(text, trusted.catalog).deployments[0];
    assert.equal(deployment?.resolution.model?.id, 'acme--house-7b');
    assert.ok(deployment?.estimate, 'an estimate');
    assert.deepEqual(analyze(text, bundled).deployments[0]?.findings.map((f) => f.code), ['unknown-model']);
  });
});

describe('local model files (untrusted workspace)', () => {
  it('reads nothing: neither the workspace folder nor the Hugging Face cache', () => {
    const untrusted = withLocalModels(bundled, { workspaceFolders: [], hfHome: undefined });
    assert.equal(untrusted.catalog, bundled);
    assert.deepEqual([untrusted.local.read, untrusted.local.models], [[], []]);
  });
});

describe('the Hugging Face home', () => {
  it('is $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface', () => {
    assert.equal(defaultHfHome({ HF_HOME: '/data/hf', XDG_CACHE_HOME: '/cache' }), '/data/hf');
    assert.equal(defaultHfHome({ XDG_CACHE_HOME: '/cache' }), join('/cache', 'huggingface'));
    assert.match(defaultHfHome({}), /[/\\]\.cache[/\\]huggingface$/);
  });
});
