// Bundles the client, the language server, the CLI and the benches into dist/, and the
// tests into out/test/. Catalog YAML files are bundled as text, so nothing reads the
// disk for bundled data at run time. `vscode` is provided by the editor.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import YAML from 'yaml';

const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

/**
 * Catalog data files are parsed and validated against schemas/catalog.schema.json
 * here, at build time, and bundled as JSON: an invalid file fails the build, and
 * the extension starts without parsing YAML or compiling a schema for them.
 */
/** @type {esbuild.Plugin} */
const catalogData = {
  name: 'catalog-data',
  setup(build) {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    ajv.addVocabulary(['errorMessage', 'markdownDescription', 'defaultSnippets']);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/catalog.schema.json', 'utf8')));
    build.onLoad({ filter: /[\\/]server[\\/]data[\\/].*\.yaml$/ }, (args) => {
      const document = YAML.parseDocument(readFileSync(args.path, 'utf8'));
      if (document.errors.length > 0) return { errors: document.errors.map((e) => ({ text: e.message })) };
      const data = document.toJS();
      if (!validate(data)) return { errors: validate.errors.map((e) => ({ text: `${e.instancePath} ${e.message}` })) };
      // As a JSON string handed to JSON.parse, not as an object literal: V8 scans a string
      // and parses JSON much faster than it compiles a 400 KB literal, at every start.
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`, loader: 'js' };
    });
  },
};

/**
 * The InferenceDeployment schema's validator, generated at build time (Ajv's standalone
 * code) and imported as `virtual:inference-deployment-validator`: compiling the schema at
 * run time cost ~100 ms of CPU on the first InferenceDeployment a process reads (the
 * editor's first diagnostics, every CLI run). Same options as `compileSchema`.
 */
/** @type {esbuild.Plugin} */
const deploymentValidator = {
  name: 'inference-deployment-validator',
  setup(build) {
    build.onResolve({ filter: /^virtual:inference-deployment-validator$/ }, () => ({ path: 'inference-deployment-validator', namespace: 'validator' }));
    build.onLoad({ filter: /.*/, namespace: 'validator' }, () => {
      const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { source: true } });
      ajv.addVocabulary(['errorMessage', 'markdownDescription', 'defaultSnippets']);
      const validate = ajv.compile(JSON.parse(readFileSync('schemas/inference-deployment.schema.json', 'utf8')));
      return { contents: standaloneCode(ajv, validate), loader: 'js', resolveDir: process.cwd(), watchFiles: ['schemas/inference-deployment.schema.json'] };
    });
  },
};

/** The version the CLI prints and the server reports, from package.json at build time. */
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  define: { INFERENCE_LENS_VERSION: JSON.stringify(version) },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  plugins: [catalogData, deploymentValidator],
  // `yaml` as its ES module build: the same code, except that a `!!binary` value
  // decodes to a Uint8Array instead of a Buffer (a Uint8Array too). Bundled as ES modules,
  // its functions are called directly instead of through CommonJS interop getters,
  // which took ~7% of `check`'s CPU time (npm run bench:check) and of the server's.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  logLevel: 'warning',
};

function testEntries() {
  /** @type {Record<string, string>} */
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

/** @type {esbuild.BuildOptions[]} */
const builds = tests
  ? // The workflow linter loads its WebAssembly from beside its own script: not bundled.
    [{ ...common, entryPoints: testEntries(), outdir: 'out/test', external: ['vscode', '@action-validator/core'] }]
  : [
      { ...common, entryPoints: { extension: 'extension/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
      { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
      { ...common, entryPoints: { cli: 'server/src/cli/bin.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
      // The webviews' script, with Chart.js, served from media/ (no CDN).
      { ...common, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: true, entryPoints: { webview: 'extension/webview/main.ts' }, outdir: 'media' },
      { ...common, entryPoints: { 'bench/accuracy': 'bench/accuracy.ts', 'bench/fit': 'bench/fit.ts', 'bench/lsp': 'bench/lsp.ts', 'bench/fuzz': 'bench/fuzz.ts', 'bench/check': 'bench/check.ts' }, outdir: 'dist' },
    ];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
