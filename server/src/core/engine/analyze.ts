import type { Catalog } from '../catalog/catalog';
import { DEFAULT_ASSUMPTIONS, type Assumptions } from '../estimator/assumptions';
import { estimate as runEstimate } from '../estimator/estimate';
import type { Estimate } from '../estimator/types';
import type { Finding } from '../findings';
import type { DeploymentSpec } from '../manifest/deployment';
import { isInferenceDeployment, readInferenceDeployment } from '../manifest/inferenceDeployment';
import { runRules } from '../rules';
import { parseYamlFile, type YamlDocument, type YamlFile } from '../yaml/document';
import { DEFAULTS, resolve, type Defaults, type Resolution } from './resolve';

export interface AnalysisOptions {
  readonly assumptions?: Assumptions;
  readonly defaults?: Defaults;
}

/** One deployment of a file: what it declares, what it resolved to, its estimate and its findings. */
export interface AnalyzedDeployment {
  readonly spec: DeploymentSpec;
  readonly resolution: Resolution;
  readonly estimate: Estimate | undefined;
  readonly findings: readonly Finding[];
}

export interface Analysis {
  readonly file: YamlFile;
  readonly deployments: readonly AnalyzedDeployment[];
  /** Every finding of the file, deployments' included, in document order. */
  readonly findings: readonly Finding[];
}

/**
 * Checks and estimates every deployment in a YAML text. Documents in formats the
 * engine does not read are left alone. Never throws.
 */
export function analyze(text: string, catalog: Catalog, options: AnalysisOptions = {}): Analysis {
  const file = parseYamlFile(text);
  const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const defaults = options.defaults ?? DEFAULTS;
  const deployments: AnalyzedDeployment[] = [];
  const findings: Finding[] = [];
  file.documents.forEach((document, index) => {
    if (!looksLikeOurs(document)) return;
    if (document.findings.length > 0) {
      findings.push(...document.findings);
      return;
    }
    const read = readInferenceDeployment(document, index);
    const deployment = analyzeDeployment(read.spec, catalog, assumptions, defaults);
    findings.push(...read.findings, ...deployment.findings);
    deployments.push({ ...deployment, findings: [...read.findings, ...deployment.findings] });
  });
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { file, deployments, findings };
}

/** Resolves, estimates and checks one deployment, from any format's recognizer. */
export function analyzeDeployment(spec: DeploymentSpec, catalog: Catalog, assumptions: Assumptions, defaults: Defaults): AnalyzedDeployment {
  const resolution = resolve(spec, catalog, assumptions, defaults);
  const estimate = resolution.estimateInput ? runEstimate(resolution.estimateInput) : undefined;
  const findings = runRules({ spec, catalog, resolution, estimate });
  return { spec, resolution, estimate, findings };
}

function looksLikeOurs(document: YamlDocument): boolean {
  if (isInferenceDeployment(document.value)) return true;
  return document.findings.length > 0 && /\bInferenceDeployment\b|inference-lens\//.test(document.text);
}
