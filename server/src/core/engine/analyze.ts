import type { Catalog } from '../catalog/catalog';
import { DEFAULT_ASSUMPTIONS, type Assumptions } from '../estimator/assumptions';
import { estimate as runEstimate } from '../estimator/estimate';
import type { Estimate } from '../estimator/types';
import type { Finding } from '../findings';
import type { DeploymentSpec } from '../manifest/deployment';
import { recognize, REAL_WORLD_MARKERS } from '../manifest/formats';
import { KNATIVE_API } from '../manifest/formats/kubernetes';
import { definesObjects, objectsIn } from '../manifest/formats/kubernetesObjectReader';
import {
  definitionsOf,
  indexObjects,
  namesIn,
  NO_OBJECTS,
  objectsFor,
  objectsKey,
  REFERS_TO_OBJECTS,
  type Defined,
  type FileObjects,
  type ObjectIndex,
} from '../manifest/kubernetesObjects';
import { isInferenceDeployment, readInferenceDeployment } from '../manifest/inferenceDeployment';
import { runRules } from '../rules';
import { parseYamlFile, type YamlDocument, type YamlFile } from '../yaml/document';
import { splitDocuments, type Chunk } from './chunks';
import { DEFAULTS, resolve, type Defaults, type Resolution } from '../resolve/resolve';
import { chooseCandidate } from '../resolve/skypilot';
import { shiftFinding, shiftSpec } from './shift';
import { pairPools, type PoolAnalysis } from './pools';

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
  /** Set on a pool of a disaggregated deployment: with the other pool's name and both estimated together when the file holds both. */
  readonly pool?: PoolAnalysis;
}

/** What one YAML document contributes, with spans relative to the document's chunk. */
export interface ChunkAnalysis {
  readonly deployments: readonly AnalyzedDeployment[];
  readonly findings: readonly Finding[];
}

export interface Analysis {
  readonly text: string;
  /** The file's documents as cut for analysis, in order. */
  readonly chunks: readonly Chunk[];
  readonly deployments: readonly AnalyzedDeployment[];
  /** Every finding of the file, deployments' included, in document order. */
  readonly findings: readonly Finding[];
}

/** A document's results moved to where the document starts in the file. */
interface Placed {
  readonly start: number;
  readonly deployments: readonly AnalyzedDeployment[];
  readonly findings: readonly Finding[];
}

interface CacheEntry {
  readonly analysis: ChunkAnalysis;
  /** The other documents' objects the analysis read (`objectsKey`), '' for none: results hold only while these are the same. */
  readonly context: string;
  /** The results as last placed: reused while the document has not moved. */
  placed: Placed | undefined;
}

/**
 * Results of earlier analyses by document text. Pass the same cache again with a
 * new version of a file: only documents whose text changed are analyzed again,
 * and documents that did not move are not even copied. Entries not used by the
 * latest call are dropped, so it holds one file's worth.
 */
export class AnalysisCache {
  private current = new Map<string, CacheEntry>();
  private previous = new Map<string, CacheEntry>();
  private currentObjects = new Map<string, FileObjects>();
  private previousObjects = new Map<string, FileObjects>();
  private currentContexts = new Map<string, Context>();
  private previousContexts = new Map<string, Context>();
  /** Documents reused and analyzed, over the cache's life (for benches and tests). */
  readonly stats = { hits: 0, misses: 0 };

  /**
   * The chunk's results placed at its start, from the cache when possible. Results
   * are kept by the chunk's text and reused only with the same `context` (the other
   * documents' objects it refers to): editing a ConfigMap re-reads the workloads that use it.
   */
  place(chunk: Chunk, compute: () => ChunkAnalysis, context = ''): Placed {
    let entry = this.current.get(chunk.text) ?? this.previous.get(chunk.text);
    if (entry?.context === context) this.stats.hits++;
    else {
      this.stats.misses++;
      entry = { analysis: compute(), context, placed: undefined };
    }
    this.current.set(chunk.text, entry);
    if (entry.placed?.start !== chunk.start) entry.placed = place(entry.analysis, chunk.start);
    return entry.placed;
  }

  /** The objects a chunk defines, with spans relative to the chunk, from the cache when its text did not change. */
  objects(chunk: Chunk, compute: () => FileObjects): FileObjects {
    const objects = this.currentObjects.get(chunk.text) ?? this.previousObjects.get(chunk.text) ?? compute();
    this.currentObjects.set(chunk.text, objects);
    return objects;
  }

  /**
   * The objects a chunk refers to, in its offsets, with their key: reused while the
   * chunk's text is the same and the objects it names are the same ones at the same
   * distance from it, so an edit elsewhere costs a referring chunk a few lookups.
   */
  context(chunk: Chunk, index: ObjectIndex): Context {
    const memo = this.currentContexts.get(chunk.text) ?? this.previousContexts.get(chunk.text);
    const names = memo?.names ?? namesIn(chunk.text);
    const found = definitionsOf(index, names);
    const context = memo && sameDefinitions(memo, found, chunk.start) ? memo : contextOf(index, names, found, chunk.start);
    this.currentContexts.set(chunk.text, context);
    return context;
  }

  /** Forgets what the last analysis did not use. */
  endGeneration(): void {
    this.previous = this.current;
    this.current = new Map();
    this.previousObjects = this.currentObjects;
    this.currentObjects = new Map();
    this.previousContexts = this.currentContexts;
    this.currentContexts = new Map();
  }
}

/** The other documents' objects a chunk refers to, as it reads them, and what they were read from. */
interface Context {
  readonly names: readonly string[];
  readonly found: readonly (Defined<unknown> | undefined)[];
  readonly origin: number;
  readonly objects: FileObjects;
  readonly key: string;
}

function contextOf(index: ObjectIndex, names: readonly string[], found: Context['found'], origin: number): Context {
  const objects = objectsFor(index, names, origin);
  return { names, found, origin, objects, key: objectsKey(objects) };
}

/** The same objects (by identity: a document's objects are reused while its text is the same), at the same distance from the chunk. */
function sameDefinitions(memo: Context, found: Context['found'], origin: number): boolean {
  return (
    found.length === memo.found.length &&
    found.every((f, i) => {
      const before = memo.found[i];
      return f === before || (f !== undefined && before !== undefined && f.value === before.value && f.start - origin === before.start - memo.origin);
    })
  );
}

function place(analysis: ChunkAnalysis, start: number): Placed {
  if (start === 0) return { start, ...analysis };
  return {
    start,
    deployments: analysis.deployments.map((d) => ({ ...d, spec: shiftSpec(d.spec, start), findings: d.findings.map((f) => shiftFinding(f, start)) })),
    findings: analysis.findings.map((f) => shiftFinding(f, start)),
  };
}

/**
 * Checks and estimates every deployment in a YAML text, one document at a time.
 * Documents in formats the engine does not read are left alone. Never throws.
 */
export function analyze(text: string, catalog: Catalog, options: AnalysisOptions = {}, cache?: AnalysisCache): Analysis {
  const steps = analysisSteps(text, catalog, options, cache);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same analysis, pausing after each document so a caller can give way to
 * other work (the language server answers other requests while a long file is
 * checked). Returns the analysis when done.
 */
export function* analysisSteps(text: string, catalog: Catalog, options: AnalysisOptions = {}, cache?: AnalysisCache): Generator<void, Analysis> {
  if (text.length > LIMITS.characters) {
    const findings: Finding[] = OURS.test(text) ? [tooLarge(text)] : [];
    return { text, chunks: [{ start: 0, text }], deployments: [], findings };
  }
  const chunks = splitDocuments(text);
  const deployments: AnalyzedDeployment[] = [];
  const findings: Finding[] = [];
  // ConfigMaps and device claims a workload in another document may refer to by name. A chunk
  // parsed for them is not parsed again if it is analyzed in this call.
  const parsed = new Map<string, YamlFile>();
  const objectsOf = (chunk: Chunk) => (): FileObjects => {
    if (!definesObjects(chunk.text)) return NO_OBJECTS;
    const file = parseYamlFile(chunk.text);
    parsed.set(chunk.text, file);
    return objectsIn(file);
  };
  // Only read when a document refers to one: most files define none, or define them for other tools.
  const objects = chunks.some((chunk) => REFERS_TO_OBJECTS.test(chunk.text))
    ? indexObjects(
        chunks.slice(0, LIMITS.documents).map((chunk) => ({ objects: cache ? cache.objects(chunk, objectsOf(chunk)) : objectsOf(chunk)(), start: chunk.start })),
      )
    : undefined;
  for (const [index, chunk] of chunks.entries()) {
    if (index === LIMITS.documents) {
      findings.push(tooManyDocuments(chunks.length, chunk));
      break;
    }
    const refers = objects !== undefined && REFERS_TO_OBJECTS.test(chunk.text);
    const context = refers ? (cache ? cache.context(chunk, objects) : contextOf(objects, namesIn(chunk.text), [], chunk.start)) : undefined;
    const compute = (): ChunkAnalysis => analyzeChunk(chunk.text, catalog, options, context?.objects ?? NO_OBJECTS, parsed.get(chunk.text));
    const placed = cache ? cache.place(chunk, compute, context?.key) : place(compute(), chunk.start);
    parsed.delete(chunk.text);
    deployments.push(...placed.deployments);
    findings.push(...placed.findings);
    yield;
  }
  cache?.endGeneration();
  // Pools of one disaggregated deployment may sit in different documents: paired over the file, after the cache.
  const pooled = pairPools(deployments);
  if (pooled.findings.length > 0) {
    findings.push(...pooled.findings);
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
  return { text, chunks, deployments: pooled.deployments, findings };
}

/** One chunk (normally one YAML document), with spans relative to the chunk. */
function analyzeChunk(text: string, catalog: Catalog, options: AnalysisOptions, objects: FileObjects, parsed?: YamlFile): ChunkAnalysis {
  // Most YAML is not ours: a document that names none of the formats' words is not even parsed.
  // (A document that refers to objects the file defines, such as a DRA claim of a GPU, is read for them.)
  if (!OURS.test(text) && !REAL_WORLD_MARKERS.test(text) && objects === NO_OBJECTS) return NOTHING;
  // Nor is a Kubernetes object of a kind no format reads (a Service labelled `app: vllm`).
  if (UNREAD_KIND.test(text) && /^apiVersion:/m.test(text) && !OURS.test(text) && !KNATIVE_SERVICE.test(text)) return NOTHING;
  const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  const defaults = options.defaults ?? DEFAULTS;
  const deployments: AnalyzedDeployment[] = [];
  const findings: Finding[] = [];
  const file = parsed ?? parseYamlFile(text);
  if (file.refused) return OURS.test(text) ? { deployments, findings: [file.refused] } : NOTHING;
  for (const document of file.documents) {
    if (looksLikeOurs(document)) {
      if (document.findings.length > 0) {
        findings.push(...unparsedFindings(document));
        continue;
      }
      const read = readInferenceDeployment(document);
      const deployment = analyzeDeployment(read.spec, catalog, assumptions, defaults);
      const all = [...read.findings, ...deployment.findings];
      findings.push(...all);
      deployments.push({ ...deployment, findings: all });
      continue;
    }
    // Other formats are not ours to validate, but a deployment manifest that does not parse would be
    // skipped in silence: its syntax errors are reported. Any other broken document is left to its tools.
    if (document.findings.length > 0) {
      if (clearlyDeployment(document.text)) findings.push(...unparsedFindings(document));
      continue;
    }
    if (document.value === undefined) continue;
    // A recognizer that fails on a strange document reports it and lets the other documents be checked.
    try {
      for (const spec of recognize(document, objects)) {
        const deployment = analyzeDeployment(spec, catalog, assumptions, defaults);
        findings.push(...deployment.findings);
        deployments.push(deployment);
      }
    } catch (error) {
      findings.push({
        code: 'internal-error',
        severity: 'warning',
        message: `This document could not be read: ${error instanceof Error ? error.message : String(error)}. Please report it.`,
        span: { start: document.span.start, end: Math.min(document.span.end, document.span.start + 1) },
      });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { deployments, findings };
}

/** Resolves, estimates and checks one deployment, from any format's recognizer. */
export function analyzeDeployment(read: DeploymentSpec, catalog: Catalog, assumptions: Assumptions, defaults: Defaults): AnalyzedDeployment {
  // Candidate resources (SkyPilot): the deployment is the candidate the optimizer would take.
  const spec = chooseCandidate(read, catalog);
  const resolution = resolve(spec, catalog, assumptions, defaults);
  const estimate = resolution.estimateInput ? runEstimate(resolution.estimateInput) : undefined;
  const findings = runRules({ spec, catalog, resolution, estimate });
  return { spec, resolution, estimate, findings };
}

/** What one file may hold before the engine stops, with a finding, rather than slow the editor down. */
export const LIMITS = { characters: 5_000_000, documents: 5_000 } as const;

function tooLarge(text: string): Finding {
  const firstLine = text.indexOf('\n');
  return {
    code: 'file-too-large',
    severity: 'warning',
    message: `This file has ${(text.length / 1e6).toFixed(1)} million characters; files over ${LIMITS.characters / 1e6} million are not checked.`,
    span: { start: 0, end: firstLine < 0 ? Math.min(text.length, 200) : firstLine },
  };
}

function tooManyDocuments(count: number, first: Chunk): Finding {
  return {
    code: 'too-many-documents',
    severity: 'warning',
    message: `This file has ${count} documents; only the first ${LIMITS.documents} are checked.`,
    span: { start: first.start, end: first.start + 3 },
  };
}

const OURS = /\bInferenceDeployment\b|inference-lens\//;

/** Kinds the recognizers read, written as a top-level `kind:` line. */
const DEPLOYMENT_KIND =
  /^kind:[ \t]*["']?(Deployment|StatefulSet|ReplicaSet|Job|Pod|LeaderWorkerSet|InferenceService|LLMInferenceService|RayService|DynamoGraphDeployment|Workspace)["']?[ \t]*(#.*)?$/m;

/** A Knative Serving `Service` (KServe serverless, Cloud Run), which runs a pod unlike a core `Service`. */
const KNATIVE_SERVICE = new RegExp(`^apiVersion:[ \\t]*["']?${KNATIVE_API.replaceAll('.', '\\.')}`, 'm');

/**
 * A top-level `kind` of a Kubernetes object no recognizer reads: networking, storage, access,
 * scaling and cluster objects (a Knative `Service`, which runs containers, is told apart by its
 * API group). ConfigMaps and device claims a workload refers to are read apart, as the
 * file's objects. Kinds not listed are parsed and offered to every recognizer as before.
 */
const UNREAD_KIND =
  /^kind:[ \t]*["']?(Service|ConfigMap|Secret|Ingress|IngressClass|Gateway|HTTPRoute|GRPCRoute|NetworkPolicy|Endpoints|EndpointSlice|HorizontalPodAutoscaler|PodDisruptionBudget|PersistentVolumeClaim|PersistentVolume|StorageClass|Namespace|ServiceAccount|Role|RoleBinding|ClusterRole|ClusterRoleBinding|ResourceQuota|LimitRange|PriorityClass|RuntimeClass|CustomResourceDefinition|ServiceMonitor|PodMonitor|NodePool|EC2NodeClass|ResourceClaim|ResourceClaimTemplate|DeviceClass)["']?[ \t]*(#.*)?\r?$/m;

/** A container image of an LLM serving engine. */
const SERVING_IMAGE = /^[ \t-]*image:[ \t]*["']?[^\s"']*(vllm|sglang|text-generation-inference|tensorrt-llm|tritonserver|nvcr\.io\/nim\/)/m;

/**
 * Whether a document that does not parse is clearly a deployment manifest: a
 * `kind` the recognizers read, a SageMaker endpoint, or a serving engine's image.
 * Read from the text, since there is no parsed value to ask.
 */
function clearlyDeployment(text: string): boolean {
  return DEPLOYMENT_KIND.test(text) || /^[ \t]*Type:[ \t]*AWS::SageMaker::EndpointConfig/m.test(text) || SERVING_IMAGE.test(text);
}
const NOTHING: ChunkAnalysis = { deployments: [], findings: [] };

/** A template engine's action: Helm's and Go's `{{ … }}`, Jinja's `{% … %}`. */
const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/**
 * What a manifest that does not parse gets: its syntax errors, unless it is a template
 * (a Helm chart's `templates/deployment.yaml`), which is not YAML until rendered. Then one
 * note at its first action says so; syntax errors there would be false.
 */
function unparsedFindings(document: YamlDocument): readonly Finding[] {
  const action = TEMPLATE_ACTION.exec(document.text);
  if (!action) return document.findings;
  const start = document.span.start + action.index;
  const shown = action[0].length > 40 ? `${action[0].slice(0, 37)}…` : action[0];
  return [
    {
      code: 'template-unrendered',
      severity: 'info',
      message: `This document is a template (${shown}): it is not YAML until rendered, so it is not checked here. Check the rendered manifests (for Helm, the output of helm template).`,
      span: { start, end: start + action[0].length },
    },
  ];
}

function looksLikeOurs(document: YamlDocument): boolean {
  if (isInferenceDeployment(document.value)) return true;
  return document.findings.length > 0 && OURS.test(document.text);
}
