// Shared by run.mjs and try.mjs: installing the packaged extension into code-server,
// starting code-server in its own process group and stopping it, and the browser.
// code-server runs on Node 24 (see tools.mjs); this script and Playwright stay on the
// machine's Node.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The packaged extension: dist/inference-lens-<version>.vsix, as `npm run package` writes it. */
export function packagedVsix() {
  const { name, version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const vsix = join(REPO, 'dist', `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (npm run test:e2e does)`);
  return { vsix, version };
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * User settings that keep the workbench quiet and the screenshots clear: no AI chat panel,
 * no welcome page, no telemetry or update checks, no Git scanning of the repository around
 * the scratch workspace.
 */
export function seedUserSettings(userDataDir, extra = {}) {
  const settings = {
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'editor.minimap.enabled': false,
    'security.workspace.trust.enabled': false,
    ...extra,
  };
  const file = join(userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** The environment code-server runs in: Node 24 first on PATH, no npm variables. */
function codeServerEnv(tools, extra = {}) {
  const env = { ...process.env, PATH: `${join(tools.nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`, ...extra };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

/** Installs the .vsix into `extensionsDir`, as a user would; throws with code-server's output when it fails. */
export function installVsix(tools, vsix, extensionsDir, userDataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const args = [tools.codeServerEntry, '--install-extension', vsix, '--force', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
  const result = spawnSync(tools.node, args, { env: codeServerEnv(tools), encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return output.trim();
}

/**
 * Starts code-server on 127.0.0.1:`port` in its own process group and resolves once it
 * answers HTTP. `stop()` ends the whole group (a file-watcher child lingers otherwise).
 */
/**
 * @param {{ tools: any, port: number, userDataDir: string, extensionsDir: string, logFile: string, smokeTestDriver?: boolean, folder?: string, env?: Record<string, string> }} options
 */
export async function startCodeServer({ tools, port, userDataDir, extensionsDir, logFile, smokeTestDriver = false, folder, env = {} }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const args = [
    tools.codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config',
    join(userDataDir, 'code-server.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (folder) args.push(folder);
  writeFileSync(join(userDataDir, 'code-server.yaml'), '');
  const log = createWriteStream(logFile);
  const child = spawn(tools.node, args, { env: codeServerEnv(tools, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    resolve(code ?? signal);
  }));

  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      await exit;
      clearTimeout(timer);
    }
    // Children of the group (the extension host, watchers) may outlive the leader briefly.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
    log.end();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it answered; see ${logFile}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 30 s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, process: child, exit, stop };
}

/** Debian's Chromium through playwright-core, headless, with a fresh profile. */
export async function launchBrowser(tools, profileDir, viewport = { width: 1440, height: 900 }) {
  const { chromium } = await import('playwright-core');
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
