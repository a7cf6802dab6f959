import type { Span } from '../../span';
import type { DeploymentSpec } from '../deployment';
import type { PathSegment } from '../../yaml/document';
import type { Field } from '../provenance';
import { shellTokens, type Token } from '../servingCommand';
import { placeTokens, type ManifestReader } from './reader';

// What the platforms that run a serving engine for the user (KServe's
// LLMInferenceService, llm-d's chart, Dynamo's workers, KAITO, Ray Serve) share:
// reading the engine's arguments they are handed, and choosing between a written
// value and a platform's default.

/**
 * Platforms that launch the serving engine themselves (KServe's LLMInferenceService,
 * llm-d's chart, Dynamo's worker modules) hand it arguments the manifest writes
 * without the program. The engine is then known from the platform, not from the
 * words: these tokens name it, zero-width at `at`, so the serving-command reader
 * reads the arguments as that engine's, with no positional model.
 */
const MODULES = { vllm: 'vllm.entrypoints.openai.api_server', sglang: 'sglang.launch_server' } as const;

export function launchedBy(engine: keyof typeof MODULES, at: number): Token[] {
  return ['-m', MODULES[engine]].map((text) => ({ text, start: at, end: at }));
}

/** The shell words of a string value (`VLLM_ADDITIONAL_ARGS: "--tp 8 …"`), each placed at its offset in the manifest. */
export function stringTokens(reader: ManifestReader, path: readonly PathSegment[]): Token[] {
  const value = reader.string(path);
  if (!value) return [];
  const span = reader.span(path);
  return placeTokens(reader.source(span), span.start, shellTokens(value.value), value.span);
}

/** The first value that a user wrote or that was derived from what they wrote: implied defaults are skipped. */
export function written<T>(...fields: readonly (Field<T> | undefined)[]): Field<T> | undefined {
  return fields.find((f) => f !== undefined && f.origin !== 'implied');
}

/** The offset an implied value points at: where it would be inserted, else a fallback span. */
export function pointAt(insertAt: number | undefined, fallback: Span): Span {
  return insertAt === undefined ? fallback : { start: insertAt, end: insertAt };
}

/** What a serving command contributes to a spec: dropped from a pod read for its hardware when the command is read another way. */
const SERVING_KEYS = ['servingEngine', 'model', 'tensor', 'pipeline', 'dataParallel', 'dataParallelLocal', 'attentionRanks', 'maxContextTokens', 'precision', 'kvCachePrecision', 'maxSequences', 'expertParallel', 'unresolved'] as const;

export function withoutServing(spec: DeploymentSpec): DeploymentSpec {
  const out: Record<string, unknown> = { ...spec };
  for (const key of SERVING_KEYS) delete out[key];
  return out as unknown as DeploymentSpec;
}
