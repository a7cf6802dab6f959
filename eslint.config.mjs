// Lint rules. The important one is the import ban on the core: catalog, manifest,
// rules and estimator stay pure (no editor, no LSP, no disk, no network), so the
// server, the CLI, the benches and the tests all call the same code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '**/*.mjs', '**/*.cjs', 'media/webview.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The core's layers, lowest first: a folder may import the ones before it, never one after it.
  // (Resolution builds the estimator's input, so the estimator sits below it.)
  ...CORE_LAYERS.map((layer, i) => ({
    files: [`server/src/core/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: impureModules,
              message: 'The core is pure: no editor, LSP, file system or network imports (see ARCHITECTURE.md).',
            },
            {
              group: ['**/node/*', '**/cli/*', '**/lsp/*', '**/server', '**/extension/*', '**/shared/*'],
              message: 'The core may not import the layers built on it (see ARCHITECTURE.md).',
            },
            ...(i + 1 < CORE_LAYERS.length
              ? [
                  {
                    group: CORE_LAYERS.slice(i + 1).map((upper) => `**/core/${upper}/*`).concat(CORE_LAYERS.slice(i + 1).map((upper) => `../${upper}/*`)),
                    message: `core/${layer} may import only the layers below it: ${CORE_LAYERS.slice(0, i).join(', ') || 'none'} (see ARCHITECTURE.md).`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  })),
  {
    files: ['server/src/core/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impureModules, message: 'The core is pure (see ARCHITECTURE.md).' },
            { group: CORE_LAYERS.map((layer) => `./${layer}/*`), message: 'The core root (spans, findings) is below every layer (see ARCHITECTURE.md).' },
          ],
        },
      ],
    },
  },
);
