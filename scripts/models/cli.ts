import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGeneratorInput, OUTPUT } from './files';
import { generateModelsYaml } from './generate';

/** `node scripts/models/generate.mjs [--check]`: writes server/data/models.yaml, or with --check fails when it is stale. */
const root = process.cwd();
const text = generateModelsYaml(readGeneratorInput(root));
const path = join(root, OUTPUT);
if (process.argv.includes('--check')) {
  if (readFileSync(path, 'utf8') !== text) {
    console.error(`${OUTPUT} is not what scripts/models generates: run npm run models:generate`);
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
  console.log(`wrote ${OUTPUT} (${(text.match(/^ {2}- id: /gm) ?? []).length} models)`);
}
