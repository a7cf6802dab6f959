// Packages the extension into dist/inference-lens-<version>.vsix.
//
// package.json's `files` list is the npm package's (the CLI: dist/cli.js and its docs), and
// vsce refuses a package.json with `files` next to a .vscodeignore. So the .vsix is built
// from a staging folder, out/vsix/, holding exactly what .vscodeignore allows, with a copy of
// package.json without `files`; .vscodeignore stays the one allow-list of the .vsix.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = join(REPO, 'out', 'vsix');

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const ignore = readFileSync(join(REPO, '.vscodeignore'), 'utf8');
/** `!dist/server.js` → dist/server.js, `!media/**` → media: what the allow-list lets in. */
const allowed = ignore
  .split(/\r?\n/)
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1).replace(/\/\*\*$/, ''));

rmSync(STAGE, { recursive: true, force: true });
mkdirSync(STAGE, { recursive: true });
for (const path of allowed) {
  if (path === 'package.json') continue;
  if (!existsSync(join(REPO, path))) throw new Error(`${path} is missing: run \`npm run build\` first`);
  cpSync(join(REPO, path), join(STAGE, path), { recursive: true });
}
const { files: _npmFiles, ...extensionManifest } = manifest;
writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(extensionManifest, null, 2)}\n`);
cpSync(join(REPO, '.vscodeignore'), join(STAGE, '.vscodeignore'));

const out = join(REPO, 'dist', `${manifest.name}-${manifest.version}.vsix`);
const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out, ...process.argv.slice(2)], { cwd: STAGE, stdio: 'inherit' });
process.exit(result.status ?? 1);
