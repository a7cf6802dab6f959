// bench/lsp: the language server's latency and memory on generated files of about
// 200, 2,000 and 20,000 lines — InferenceDeployment streams and Kubernetes inference
// stacks — over a real stdio connection to the bundled server, one fresh process per
// file: cold start to `initialize`, open → diagnostics, edit → diagnostics (20 edits,
// each awaited), hover, code lens and completion (20 each), and peak RSS.
//
//   npm run bench:lsp [-- --sizes 200,2000,20000 --server "node dist/server.js --stdio"]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeLensRequest, CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from '../test/helpers/lspClient';
import { inferenceDeployment, kubernetesStack, stream } from './manifests';
import { benchOptions } from './options';

const REPEAT = 20;

interface Row {
  readonly kind: string;
  readonly lines: number;
  readonly coldStartMs: number;
  readonly openMs: number;
  readonly edit: readonly number[];
  readonly hover: readonly number[];
  readonly lens: readonly number[];
  readonly completion: readonly number[];
  readonly peakRssMiB: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function peakRss(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function measure(command: string[], kind: string, text: string, valueNeedle: string): Promise<Row> {
  const uri = `file:///bench/${kind}-${text.length}.yaml`;
  const started = performance.now();
  const client = new LspClient(command);
  await client.initialize(null, {});
  const coldStartMs = performance.now() - started;
  const openMs = await timed(() => client.open(uri, text));

  // Edits, hovers and completions land in the middle document, where a full re-check would cost most.
  const middle = text.indexOf(valueNeedle, Math.floor(text.length / 2));
  const valueAt = positionOf(text, middle + valueNeedle.length + 1);
  const digitLine = text.indexOf('replicas: ', Math.floor(text.length / 2));
  const digit = positionOf(text, digitLine + 'replicas: '.length);
  const edit: number[] = [];
  for (let version = 2; version < 2 + REPEAT; version++) {
    const range = { start: digit, end: { line: digit.line, character: digit.character + 1 } };
    edit.push(await timed(() => client.edit(uri, version, range, String(1 + (version % 3)))));
  }
  const hover: number[] = [];
  const lens: number[] = [];
  const completion: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    hover.push(await timed(() => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: valueAt })));
    lens.push(await timed(() => client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })));
    completion.push(await timed(() => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: valueAt })));
  }
  const peakRssMiB = peakRss(client.pid);
  await client.stop();
  return { kind, lines: text.split('\n').length, coldStartMs, openMs, edit, hover, lens, completion, peakRssMiB };
}

async function main(): Promise<number> {
  const values = benchOptions("lsp [--sizes 200,2000,20000] [--server 'command …']", { sizes: { type: 'string' }, server: { type: 'string' } });
  const sizes = (values.sizes ?? '200,2000,20000').split(',').map(Number);
  const command = values.server ? values.server.split(' ') : [process.execPath, join(__dirname, '..', 'server.js'), '--stdio'];
  const rows: Row[] = [];
  for (const lines of sizes) {
    rows.push(await measure(command, 'InferenceDeployment', stream(inferenceDeployment, lines), 'instance:'));
    rows.push(await measure(command, 'Kubernetes', stream(kubernetesStack, lines), 'node.kubernetes.io/instance-type:'));
  }
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : 'n/a');
  const header = ['file', 'lines', 'cold start ms', 'open→diag ms', 'edit→diag p50/p95', 'hover p50/p95', 'lens p50/p95', 'completion p50/p95', 'peak RSS MiB'];
  const lines = rows.map((r) => [
    r.kind,
    String(r.lines),
    f(r.coldStartMs),
    f(r.openMs),
    `${f(percentile(r.edit, 50))} / ${f(percentile(r.edit, 95))}`,
    `${f(percentile(r.hover, 50))} / ${f(percentile(r.hover, 95))}`,
    `${f(percentile(r.lens, 50))} / ${f(percentile(r.lens, 95))}`,
    `${f(percentile(r.completion, 50))} / ${f(percentile(r.completion, 95))}`,
    f(r.peakRssMiB),
  ]);
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${lines.map((l) => `| ${l.join(' | ')} |`).join('\n')}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
