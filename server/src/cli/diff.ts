import { analyze, type AnalyzedDeployment } from '../core/engine/analyze';
import type { Catalog } from '../core/catalog/catalog';
import { fmt } from '../core/numbers';
import type { Finding } from '../core/findings';
import type { InputFile } from './files';
import { lineCounterFor, toRegion } from './positions';

/**
 * What a change does to each deployment: the figures a reviewer weighs (cost, speed, fit,
 * hardware) before and after, paired by file and deployment name.
 */
export interface DeploymentFigures {
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  readonly fits: boolean | null;
  readonly instance: string | null;
  readonly accelerator: string | null;
  readonly acceleratorsPerReplica: number | null;
  readonly replicas: number | null;
}

export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DeploymentDiff {
  readonly name: string;
  readonly file: string;
  readonly change: Change;
  readonly before: DeploymentFigures | null;
  readonly after: DeploymentFigures | null;
}

/** A finding the head has and the base did not, in the same file (same code and message). */
export interface IntroducedFinding {
  readonly file: string;
  readonly line: number;
  readonly severity: Finding['severity'];
  readonly code: string;
  readonly message: string;
}

export interface DiffResult {
  readonly deployments: readonly DeploymentDiff[];
  /** Cost per hour of every deployment with a price (those without one are not counted), before and after. */
  readonly totals: { readonly costPerHourBefore: number; readonly costPerHourAfter: number };
  readonly introducedFindings: readonly IntroducedFinding[];
}

export function figuresOf(deployment: AnalyzedDeployment): DeploymentFigures {
  const e = deployment.estimate;
  const r = deployment.resolution;
  return {
    costPerHour: round(e?.costPerHour ?? r.costPerHour),
    costPerMillionOutputTokens: round(e?.costPerMillionOutputTokens),
    ttftMs: round(e?.ttftMs),
    tpotMs: round(e?.tpotMs),
    fits: e?.memory?.fits ?? null,
    instance: r.instance?.id ?? null,
    accelerator: r.chip?.id ?? null,
    acceleratorsPerReplica: r.acceleratorsPerReplica ?? null,
    replicas: r.replicas,
  };
}

const FIELDS = ['costPerHour', 'costPerMillionOutputTokens', 'ttftMs', 'tpotMs', 'fits', 'instance', 'accelerator', 'acceleratorsPerReplica', 'replicas'] as const;

function sameFigures(a: DeploymentFigures, b: DeploymentFigures): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

interface Side {
  readonly deployments: Map<string, { readonly name: string; readonly file: string; readonly figures: DeploymentFigures }>;
  readonly findings: Map<string, readonly Finding[]>;
  readonly files: Map<string, InputFile>;
}

/**
 * Deployments are keyed by file and name; a name repeated in a file is told apart by its
 * order (the second `chat` pairs with the second `chat`). A deployment that moves to another
 * file or is renamed shows as removed and added.
 */
function side(files: readonly InputFile[], catalog: Catalog): Side {
  const deployments: Side['deployments'] = new Map();
  const findings = new Map<string, readonly Finding[]>();
  const byPath = new Map<string, InputFile>();
  for (const file of files) {
    const analysis = analyze(file.text, catalog);
    byPath.set(file.path, file);
    findings.set(file.path, analysis.findings);
    const seen = new Map<string, number>();
    for (const deployment of analysis.deployments) {
      const name = deployment.spec.name;
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      deployments.set(`${file.path}\0${name}\0${index}`, { name, file: file.path, figures: figuresOf(deployment) });
    }
  }
  return { deployments, findings, files: byPath };
}

export function diffDeployments(baseFiles: readonly InputFile[], headFiles: readonly InputFile[], catalog: Catalog): DiffResult {
  const base = side(baseFiles, catalog);
  const head = side(headFiles, catalog);
  const keys = [...new Set([...base.deployments.keys(), ...head.deployments.keys()])];
  const deployments = keys.map((key): DeploymentDiff => {
    const before = base.deployments.get(key);
    const after = head.deployments.get(key);
    const { name, file } = (after ?? before)!;
    const change: Change = !before ? 'added' : !after ? 'removed' : sameFigures(before.figures, after.figures) ? 'unchanged' : 'changed';
    return { name, file, change, before: before?.figures ?? null, after: after?.figures ?? null };
  });
  deployments.sort((a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1));
  // Totals are in cents: a sum of hundreds of dollars keeps its dollars exact.
  const total = (pick: (d: DeploymentDiff) => DeploymentFigures | null): number =>
    Math.round(deployments.reduce((sum, d) => sum + (pick(d)?.costPerHour ?? 0), 0) * 100) / 100;
  return {
    deployments,
    totals: { costPerHourBefore: total((d) => d.before), costPerHourAfter: total((d) => d.after) },
    introducedFindings: introducedFindings(base, head),
  };
}

function introducedFindings(base: Side, head: Side): IntroducedFinding[] {
  const introduced: IntroducedFinding[] = [];
  for (const [path, findings] of head.findings) {
    const before = new Set((base.findings.get(path) ?? []).map((f) => `${f.code}\0${f.message}`));
    const file = head.files.get(path);
    if (!file) continue;
    const lines = lineCounterFor(file.text);
    for (const finding of findings) {
      if (before.has(`${finding.code}\0${finding.message}`)) continue;
      introduced.push({ file: path, line: toRegion(lines, finding.span).line, severity: finding.severity, code: finding.code, message: finding.message });
    }
  }
  return introduced;
}

/** Three significant digits, as every figure the CLI prints. */
function round(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(fmt(value));
}
