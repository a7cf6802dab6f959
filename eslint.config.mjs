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

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '**/*.mjs', '**/*.cjs', 'media/webview.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
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
              group: ['**/node/*', '**/cli/*', '**/lsp/*', '**/server', '**/extension/*'],
              message: 'The core may not import the layers built on it (see ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
);
