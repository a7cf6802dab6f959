// The language server's entry point: stdio (`node dist/server.js --stdio`) for any
// LSP client, or IPC when VS Code starts it. Uncaught errors are logged, not fatal.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

// Analysis makes short-lived garbage (YAML syntax trees) and keeps little: a small
// young generation collects it early instead of letting the heap swell.
setFlagsFromString('--max-semi-space-size=1');

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
startServer(connection);
