import { parseArgs } from 'node:util';
import { analyze, type Analysis } from '../core/engine/analyze';
import type { Catalog } from '../core/catalog/catalog';
import { loadCatalogWith, WORKSPACE_CATALOG } from '../node/catalogFiles';
import { defaultHfHome, withLocalModels, WORKSPACE_MODELS } from '../node/models';
import { existsSync } from 'node:fs';
import { entryCard } from './catalogCard';
import { catalogStats, coverageLines, entryJson, entryLines, findEntry, searchEntries, suggestions } from './catalogOutput';
import { estimateJson, estimateTable } from './estimateOutput';
import { expandInputs } from './files';
import { jsonFindings, sarifFindings, textFindings, type CheckedFile, type FindingsFile } from './findingsOutput';
import { lineCounterFor, toRegion } from './positions';
import { diffCommand } from './diffCommand';
import { COMMAND_USAGE, isCommand, USAGE } from './usage';

/** Injected from package.json by esbuild (`define`): one version, never copied by hand. */
export const VERSION = INFERENCE_LENS_VERSION;

/** Exit codes: 0 clean, 1 findings of error severity (or an unknown catalog id), 2 usage or unreadable input. */
export function main(argv: readonly string[], out: (text: string) => void, err: (text: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      tokens: true,
      options: {
        format: { type: 'string' },
        json: { type: 'boolean' },
        catalog: { type: 'string', multiple: true },
        stats: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals, tokens } = parsed;
  const [command, ...args] = positionals;
  if (values.version) {
    out(VERSION);
    return 0;
  }
  if (command === 'help') {
    const topic = args[0];
    out(topic !== undefined && isCommand(topic) ? COMMAND_USAGE[topic] : USAGE);
    return 0;
  }
  if (values.help || command === undefined) {
    (values.help ? out : err)(command !== undefined && isCommand(command) ? COMMAND_USAGE[command] : USAGE);
    return values.help ? 0 : 2;
  }
  const loaded = loadCatalogWith(values.catalog ?? (existsSync(WORKSPACE_CATALOG) ? [WORKSPACE_CATALOG] : []));
  const catalogProblems = [
    ...loaded.unreadable.map((u) => `${u.file}: cannot read catalog file: ${u.reason}`),
    ...loaded.problems.flatMap((p) => p.findings.map((f) => `${p.file}: ${f.severity} ${f.code} ${f.message}`)),
  ];
  if (catalogProblems.length > 0) err(catalogProblems.join('\n'));
  if (loaded.unreadable.length > 0) return 2;
  // The directory the CLI runs in is the workspace: its .inference-lens/models/ and the Hugging Face cache may describe more models.
  const { catalog, local } = withLocalModels(loaded.catalog, { workspaceFolders: [process.cwd()], hfHome: defaultHfHome() });
  const localProblems = local.problems.filter((p) => p.file.includes(WORKSPACE_MODELS));
  if (localProblems.length > 0) err(localProblems.map((p) => `${p.file}: not a usable model: ${p.reason}`).join('\n'));

  switch (command) {
    case 'check':
      return check(args, values.format ?? 'text', catalog, out, err);
    case 'estimate':
      return estimateCommand(args, values.json === true, catalog, out, err);
    case 'report':
      return report(args, catalog, out, err);
    case 'catalog':
      if (values.stats) {
        const stats = catalogStats(catalog);
        out(values.json ? JSON.stringify(stats, null, 2) : `${Object.entries(stats.counts).map(([k, n]) => `${k}: ${n}`).join('\n')}\noldest asOf: ${stats.oldestAsOf ?? 'none'}\n${coverageLines(stats.coverage)}`);
        return 0;
      }
      return catalogCommand(args, values.json === true, catalog, out, err);
    case 'diff': {
      // Positionals after `--` are paths even when they look like revisions.
      const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
      const afterTerminator = terminator < 0 ? 0 : tokens.slice(terminator).filter((t) => t.kind === 'positional').length;
      return diffCommand(args, afterTerminator, values.format ?? 'text', catalog, out, err);
    }
    default:
      err(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

/** Every file analyzed, keeping of each analysis what `keep` takes. */
function checkFiles<A extends Pick<Analysis, 'findings'>>(
  paths: readonly string[],
  catalog: Catalog,
  err: (text: string) => void,
  keep: (analysis: Analysis) => A,
): { files: CheckedFile<A>[]; ok: boolean } {
  const inputs = expandInputs(paths);
  for (const u of inputs.unreadable) err(`${u.path}: cannot read: ${u.reason}`);
  const files = inputs.files.map((f) => ({ path: f.path, analysis: keep(analyze(f.text, catalog)), lines: lineCounterFor(f.text) }));
  return { files, ok: inputs.unreadable.length === 0 };
}

/** The whole analysis, for the commands that show estimates. */
const WHOLE = (analysis: Analysis): Analysis => analysis;

function hasErrors(files: readonly FindingsFile[]): boolean {
  return files.some((f) => f.analysis.findings.some((x) => x.severity === 'error'));
}

function check(paths: readonly string[], format: string, catalog: Catalog, out: (text: string) => void, err: (text: string) => void): number {
  if (paths.length === 0 || !['text', 'json', 'sarif'].includes(format)) {
    err(paths.length === 0 ? `check needs at least one file or directory.\n\n${COMMAND_USAGE.check}` : `Unknown format "${format}": use text, json or sarif.`);
    return 2;
  }
  const { files, ok } = checkFiles(paths, catalog, err, ({ findings }) => ({ findings }));
  const output = format === 'json' ? jsonFindings(files) : format === 'sarif' ? sarifFindings(files, VERSION) : textFindings(files);
  if (output) out(output);
  if (!ok) return 2;
  return hasErrors(files) ? 1 : 0;
}

function estimateCommand(paths: readonly string[], json: boolean, catalog: Catalog, out: (text: string) => void, err: (text: string) => void): number {
  if (paths.length !== 1) {
    err(`estimate takes exactly one file.\n\n${COMMAND_USAGE.estimate}`);
    return 2;
  }
  const { files, ok } = checkFiles(paths, catalog, err, WHOLE);
  if (!ok) return 2;
  if (json) {
    out(JSON.stringify({ deployments: files.flatMap((f) => f.analysis.deployments.map((d) => estimateJson(f, d, catalog))) }, null, 2));
  } else {
    out(estimateTable(files));
    const findings = textFindings(files);
    if (findings) out(`\n${findings}`);
  }
  return hasErrors(files) ? 1 : 0;
}

function report(paths: readonly string[], catalog: Catalog, out: (text: string) => void, err: (text: string) => void): number {
  const { files, ok } = checkFiles(paths.length > 0 ? paths : ['.'], catalog, err, WHOLE);
  const deployments = files.reduce((n, f) => n + f.analysis.deployments.length, 0);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const x of f.analysis.findings) counts[x.severity]++;
  out(`Inference Lens — ${files.length} files, ${deployments} deployments\n`);
  for (const f of files) {
    if (f.analysis.deployments.length === 0 && f.analysis.findings.length === 0) continue;
    out(`${f.path}`);
    for (const x of f.analysis.findings) {
      const { line, column } = toRegion(f.lines, x.span);
      out(`  ${`${line}:${column}`.padEnd(7)} ${x.severity.padEnd(7)} ${x.code.padEnd(22)} ${x.message}`);
    }
    if (f.analysis.findings.length === 0) out('  no findings');
  }
  out(`\nEstimates (≈: analytic model; see docs/estimator.md)\n`);
  out(estimateTable(files.filter((f) => f.analysis.deployments.length > 0)));
  out(`\n${counts.error} errors, ${counts.warning} warnings, ${counts.info} notes.`);
  return ok ? 0 : 2;
}

function catalogCommand(args: readonly string[], json: boolean, catalog: Catalog, out: (text: string) => void, err: (text: string) => void): number {
  const query = args.join(' ').trim();
  const exact = query ? findEntry(catalog, query) : undefined;
  if (exact) {
    out(json ? JSON.stringify(entryJson(exact), null, 2) : entryCard(exact, catalog));
    return 0;
  }
  const found = searchEntries(catalog, query || undefined);
  if (found.length === 0) {
    const near = suggestions(catalog, query);
    err(`Nothing in the catalog matches "${query}".${near.length > 0 ? ` Did you mean ${near.join(', ')}?` : ''}`);
    return 1;
  }
  out(json ? JSON.stringify(found.map(entryJson), null, 2) : entryLines(found));
  return 0;
}
