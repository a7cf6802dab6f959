// Lint rules. The important one is the import ban on the core: catalog, manifest,
// rules and estimator stay pure (no editor, no LSP, no disk, no network), so the
// server, the CLI, the benches and the tests all call the same code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const impureModules = [
  'vscode',
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-languageserver-textdocument',
  'fs',
  'fs/*',
  'node:fs',
  'node:fs/*',
  'child_process',
  'node:child_process',
  'http',
  'https',
  'node:http',
  'node:https',
  'net',
  'node:net',
];

/** The core's folders, lowest layer first. */
const CORE_LAYERS = ['yaml', 'catalog', 'manifest', 'estimator', 'resolve', 'rules', 'engine', 'present'];

/**
 * An import ban: the patterns a group of files may not import.
 * @param {{ group: string[], message: string }[]} patterns
 * @returns {import('eslint').Linter.RulesRecord}
 */
function restrictImports(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const PURE = { group: impureModules, message: 'The core is pure: no editor, LSP, file system or network imports (see ARCHITECTURE.md).' };
const ABOVE_CORE = {
  group: ['**/node/*', '**/cli/*', '**/lsp/*', '**/server', '**/extension/*', '**/shared/*'],
  message: 'The core may not import the layers built on it (see ARCHITECTURE.md).',
};

/**
 * A core layer's ban: impure modules, everything above the core, and the core's layers above it.
 * @param {string} layer
 * @param {number} i
 */
function layerRules(layer, i) {
  const upper = CORE_LAYERS.slice(i + 1);
  const above = {
    group: [...upper.map((u) => `**/core/${u}/*`), ...upper.map((u) => `../${u}/*`)],
    message: `core/${layer} may import only the layers below it: ${CORE_LAYERS.slice(0, i).join(', ') || 'none'} (see ARCHITECTURE.md).`,
  };
  return restrictImports(upper.length > 0 ? [PURE, ABOVE_CORE, above] : [PURE, ABOVE_CORE]);
}

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '**/*.cjs', 'media/webview.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Build, e2e and maintenance scripts run on Node (the UI suite's page callbacks in a browser).
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  // The core's layers, lowest first: a folder may import the ones before it, never one after it.
  // (Resolution builds the estimator's input, so the estimator sits below it.)
  ...CORE_LAYERS.map((layer, i) => ({ files: [`server/src/core/${layer}/**/*.ts`], rules: layerRules(layer, i) })),
  {
    files: ['server/src/core/*.ts'],
    rules: restrictImports([PURE, { group: CORE_LAYERS.map((layer) => `./${layer}/*`), message: 'The core root (spans, findings, numbers) is below every layer (see ARCHITECTURE.md).' }]),
  },
);
