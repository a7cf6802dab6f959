/**
 * KAITO's built-in inference presets and the Hugging Face repository each one
 * serves, as KAITO lists them (the `version` URL of each entry). Data, not logic:
 * update it from the source below when KAITO adds presets.
 */
export const KAITO_PRESETS_SOURCE = {
  url: 'https://github.com/kaito-project/kaito/blob/056b8280b1a8debf644bc6f4399e913a1f9c7e70/presets/workspace/models/supported_models.yaml',
  asOf: '2026-08-21',
} as const;

export const KAITO_PRESETS: ReadonlyMap<string, string> = new Map([
  ['llama-3.1-8b-instruct', 'meta-llama/Llama-3.1-8B-Instruct'],
  ['llama-3.3-70b-instruct', 'meta-llama/Llama-3.3-70B-Instruct'],
  ['deepseek-r1-0528', 'deepseek-ai/DeepSeek-R1-0528'],
  ['deepseek-v3-0324', 'deepseek-ai/DeepSeek-V3-0324'],
  ['falcon-7b', 'tiiuae/falcon-7b'],
  ['falcon-7b-instruct', 'tiiuae/falcon-7b-instruct'],
  ['falcon-40b', 'tiiuae/falcon-40b'],
  ['falcon-40b-instruct', 'tiiuae/falcon-40b-instruct'],
  ['mistral-7b', 'mistralai/Mistral-7B-v0.3'],
  ['mistral-7b-instruct', 'mistralai/Mistral-7B-Instruct-v0.3'],
  ['ministral-3-3b-instruct', 'mistralai/Ministral-3-3B-Instruct-2512'],
  ['ministral-3-8b-instruct', 'mistralai/Ministral-3-8B-Instruct-2512'],
  ['ministral-3-14b-instruct', 'mistralai/Ministral-3-14B-Instruct-2512'],
  ['mistral-large-3-675b-instruct', 'mistralai/Mistral-Large-3-675B-Instruct-2512'],
  ['phi-2', 'microsoft/phi-2'],
  ['phi-3-mini-4k-instruct', 'microsoft/Phi-3-mini-4k-instruct'],
  ['phi-3-mini-128k-instruct', 'microsoft/Phi-3-mini-128k-instruct'],
  ['phi-3-medium-4k-instruct', 'microsoft/Phi-3-medium-4k-instruct'],
  ['phi-3-medium-128k-instruct', 'microsoft/Phi-3-medium-128k-instruct'],
  ['phi-3.5-mini-instruct', 'microsoft/Phi-3.5-mini-instruct'],
  ['phi-4-mini-instruct', 'microsoft/Phi-4-mini-instruct'],
  ['phi-4', 'microsoft/phi-4'],
  ['qwen2.5-coder-7b-instruct', 'Qwen/Qwen2.5-Coder-7B-Instruct'],
  ['qwen2.5-coder-32b-instruct', 'Qwen/Qwen2.5-Coder-32B-Instruct'],
  ['deepseek-r1-distill-qwen-14b', 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B'],
  ['deepseek-r1-distill-llama-8b', 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B'],
  ['gemma-3-4b-instruct', 'google/gemma-3-4b-it'],
  ['gemma-3-27b-instruct', 'google/gemma-3-27b-it'],
  ['gpt-oss-20b', 'openai/gpt-oss-20b'],
  ['gpt-oss-120b', 'openai/gpt-oss-120b'],
]);
