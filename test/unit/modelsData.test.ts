import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { readArchitecture } from '../../server/src/core/catalog/modelConfig';
import { readGeneratorInput, OUTPUT } from '../../scripts/models/files';
import { generateModelsYaml } from '../../scripts/models/generate';
import { countParameters } from '../../server/src/core/catalog/modelParameters';
import { REPO_ROOT } from '../helpers/fixtures';

const input = readGeneratorInput(REPO_ROOT);
const data = readFileSync(join(REPO_ROOT, OUTPUT), 'utf8');
const models = (YAML.parse(data) as { models: { id: string; sources: { url: string; asOf: string }[]; parametersB: number }[] }).models;

describe('server/data/models.yaml', () => {
  it('is exactly what scripts/models generates from the configs and facts (run npm run models:generate)', () => {
    assert.equal(data, generateModelsYaml(input));
  });

  it('bundles every model read from a config (at least 150), each with its Hugging Face config.json as first source', () => {
    assert.ok(models.length >= 150, `${models.length} models`);
    for (const model of models) {
      assert.ok(model.sources.length > 0, model.id);
      assert.match(model.sources[0]?.url ?? '', /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/blob\/[^/]+\/config\.json$/, `${model.id}: first source is the HF config.json`);
    }
  });

  it('records where every config.json copy came from, and uses every copy it keeps', () => {
    const used = new Set(input.facts.map((f) => f.config).filter((c) => c !== undefined));
    for (const name of input.configs.keys()) {
      assert.ok(input.sources[name], `${name} has no entry in configs/SOURCES.yaml`);
      assert.ok(used.has(name), `${name} is not used by any model in facts.yaml`);
    }
  });
});

describe('reading config.json', () => {
  const config = (name: string) => JSON.parse(input.configs.get(name) ?? 'null') as Record<string, never>;

  it('counts Llama 3.1 8B exactly (8,030,261,248, the Hugging Face safetensors total)', () => {
    const c = config('meta-llama__Meta-Llama-3.1-8B.json');
    assert.equal(countParameters(c, readArchitecture(c))?.total, 8_030_261_248);
  });

  it('counts Qwen3-235B-A22B and its active parameters as the model card states (235B, 22B)', () => {
    const c = config('Qwen__Qwen3-235B-A22B.json');
    const count = countParameters(c, readArchitecture(c));
    assert.equal(count?.total, 235_093_634_560);
    assert.ok(Math.abs((count?.active ?? 0) / 1e9 - 22.2) < 0.1, `${count?.active}`);
  });

  it('counts DeepSeek-V3 without the MTP layer: 671B total, 37B active', () => {
    const c = config('deepseek-ai__DeepSeek-V3.json');
    const count = countParameters(c, readArchitecture(c));
    assert.ok(Math.abs((count?.total ?? 0) / 1e9 - 671) < 1, `${count?.total}`);
    assert.ok(Math.abs((count?.active ?? 0) / 1e9 - 37) < 0.7, `${count?.active}`);
  });

  it('takes head_dim from the config, not hidden/heads (Qwen3-32B: 128, not 80)', () => {
    const arch = readArchitecture(config('Qwen__Qwen3-32B.json'));
    assert.deepEqual([arch.headDim, arch.hiddenSize / arch.attentionHeads], [128, 80]);
  });

  it('reads sliding windows per family: Gemma 2 alternates, Mistral v0.1 windows every layer, Qwen2 with use_sliding_window false has none', () => {
    assert.deepEqual(readArchitecture(config('google__gemma-2-27b-it.json')).slidingWindow, { windowTokens: 4096, layers: 23 });
    assert.deepEqual(readArchitecture(config('mistralai__Mistral-7B-v0.1.json')).slidingWindow, { windowTokens: 4096, layers: 32 });
    assert.equal(readArchitecture(config('Qwen__Qwen2-72B.json')).slidingWindow, undefined);
  });

  const count = (name: string) => {
    const c = config(name);
    return countParameters(c, readArchitecture(c));
  };
  const billions = (n: number | undefined) => (n ?? 0) / 1e9;

  it('counts the Gemma 3 4B and 12B text decoders exactly as keras-hub states them (3,880,099,328 and 11,765,788,416)', () => {
    assert.equal(count('google__gemma-3-4b-it.json')?.total, 3_880_099_328);
    assert.equal(count('google__gemma-3-12b-it.json')?.total, 11_765_788_416);
  });

  it('counts LayerNorm, plain-MLP and biased layouts: StarCoder2 7B 7.17B, StableLM 2 1.64B, Orion 14.5B', () => {
    assert.ok(Math.abs(billions(count('bigcode__starcoder2-7b.json')?.total) - 7.17) < 0.01);
    assert.ok(Math.abs(billions(count('stabilityai__stablelm-2-zephyr-1_6b.json')?.total) - 1.64) < 0.01);
    assert.ok(Math.abs(billions(count('OrionStarAI__Orion-14B-Chat.json')?.total) - 14.5) < 0.05);
  });

  it('counts DeepSeekMoE 16B (16.4B total, 2.8B active) and GLM-5 (744B total, 40B active) as their papers and cards state', () => {
    const moe = count('deepseek-ai__deepseek-moe-16b-chat.json');
    assert.ok(Math.abs(billions(moe?.total) - 16.4) < 0.1 && Math.abs(billions(moe?.active) - 2.8) < 0.1, `${moe?.total} ${moe?.active}`);
    const glm = count('zai-org__GLM-5.json');
    assert.ok(Math.abs(billions(glm?.total) - 744) < 2 && Math.abs(billions(glm?.active) - 40) < 1.5, `${glm?.total} ${glm?.active}`);
  });

  it('reads the sliding layers a config lists (OLMo 3.1 32B, EXAONE 4.0: 48 of 64) and StarCoder2\'s window on every layer', () => {
    assert.deepEqual(readArchitecture(config('allenai__Olmo-3.1-32B-Instruct.json')).slidingWindow, { windowTokens: 4096, layers: 48 });
    assert.deepEqual(readArchitecture(config('LGAI-EXAONE__EXAONE-4.0-32B.json')).slidingWindow, { windowTokens: 4096, layers: 48 });
    assert.deepEqual(readArchitecture(config('bigcode__starcoder2-7b.json')).slidingWindow, { windowTokens: 4096, layers: 32 });
  });

  it('reads MLA ranks and the dense layers of DeepSeek-V2-Lite (first_k_dense_replace 1)', () => {
    const arch = readArchitecture(config('deepseek-ai__DeepSeek-V2-Lite-Chat.json'));
    assert.deepEqual(arch.mla, { kvLoraRank: 512, qkRopeHeadDim: 64 });
    assert.equal(arch.moe?.moeLayers, 26);
  });
});
