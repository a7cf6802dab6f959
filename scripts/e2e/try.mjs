// Try the packaged extension by hand: installs dist/inference-lens-<version>.vsix into a
// code-server of its own and serves it on http://127.0.0.1:8080 with examples/ open.
// `npm run try` packages first. Stays in the foreground until Ctrl-C, then stops
// code-server and everything it started. INFERENCE_LENS_TRY_PORT changes the port.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, packagedVsix, REPO, seedUserSettings, startCodeServer } from './codeServer.mjs';
import { ensureTools } from './tools.mjs';

const port = Number(process.env.INFERENCE_LENS_TRY_PORT ?? 8080);
const dir = join(REPO, 'out', 'e2e', 'try');
const examples = join(REPO, 'examples');

const tools = ensureTools();
const { vsix } = packagedVsix();
// A fresh extensions folder each time, so what runs is the .vsix just packaged.
const extensionsDir = join(dir, 'extensions');
rmSync(extensionsDir, { recursive: true, force: true });
const userDataDir = join(dir, 'user-data');
mkdirSync(userDataDir, { recursive: true });
seedUserSettings(userDataDir);
installVsix(tools, vsix, extensionsDir, userDataDir);
console.log(`[try] installed ${vsix}`);

const server = await startCodeServer({ tools, port, userDataDir, extensionsDir, logFile: join(dir, 'code-server.log'), folder: examples });
console.log(`[try] code-server is serving the extension on ${server.url}/?folder=${examples}`);
console.log(`[try] log: ${join(dir, 'code-server.log')}; press Ctrl-C to stop`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n[try] ${signal}: stopping code-server`);
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
const code = await server.exit;
if (!stopping) {
  console.error(`[try] code-server exited (${code}); see ${join(dir, 'code-server.log')}`);
  process.exit(1);
}
