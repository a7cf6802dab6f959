import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { ConfigSource, GeneratorInput, ModelFacts } from './generate';

/** The generator's inputs, all inside scripts/models/ of the repository at `root`. */
export const MODELS_DIR = join('scripts', 'models');
export const OUTPUT = join('server', 'data', 'models.yaml');

export function readGeneratorInput(root: string): GeneratorInput {
  const dir = join(root, MODELS_DIR);
  const factsFile = YAML.parse(readFileSync(join(dir, 'facts.yaml'), 'utf8')) as { header: string; models: ModelFacts[] };
  const sources = YAML.parse(readFileSync(join(dir, 'configs', 'SOURCES.yaml'), 'utf8')) as Record<string, ConfigSource>;
  const configs = new Map<string, string>();
  for (const name of readdirSync(join(dir, 'configs'))) {
    if (name.endsWith('.json')) configs.set(name, readFileSync(join(dir, 'configs', name), 'utf8'));
  }
  return { header: factsFile.header, facts: factsFile.models, sources, configs };
}
