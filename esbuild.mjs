// Bundles the client, the language server, the CLI and the benches into dist/, and the
// tests into out/test/. Catalog YAML files are bundled as text, so nothing reads the
// disk for bundled data at run time. `vscode` is provided by the editor.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  loader: { '.yaml': 'text' },
  logLevel: 'warning',
};

function testEntries() {
  const entries = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) entries[path.slice('test/'.length, -'.ts'.length)] = path;
    }
  };
  walk('test');
  return entries;
}

const builds = tests
  ? [{ ...common, entryPoints: testEntries(), outdir: 'out/test', external: ['vscode'] }]
  : [
      { ...common, entryPoints: { extension: 'extension/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
      { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
      { ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
      { ...common, entryPoints: { 'bench/accuracy': 'bench/accuracy.ts', 'bench/fit': 'bench/fit.ts' }, outdir: 'dist' },
    ];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
