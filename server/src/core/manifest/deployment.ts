import type { Precision, PricingModel } from '../catalog/types';
import type { Located, Span } from '../span';

/** The manifest formats the engine reads. */
export type ManifestFormat = 'inference-deployment';

/**
 * What a manifest declares about one deployment, whatever its format, with the
 * span of every field read. Every field is optional: a recognizer fills what its
 * format says, and rules and the estimator say what is missing.
 */
export interface DeploymentSpec {
  readonly format: ManifestFormat;
  readonly name: string;
  /** The whole document: where the deployment is. */
  readonly span: Span;
  /** Where a lens or a finding about the deployment as a whole belongs (its name, else its first line). */
  readonly anchor: Span;
  /** Where findings about the hardware declaration as a whole belong. */
  readonly hardwareSpan: Span;
  readonly model?: Located<string>;
  readonly precision?: Located<Precision>;
  readonly kvCachePrecision?: Located<Precision>;
  readonly maxContextTokens?: Located<number>;
  readonly instance?: Located<string>;
  readonly accelerator?: Located<string>;
  readonly count?: Located<number>;
  readonly region?: Located<string>;
  readonly pricing?: Located<PricingModel>;
  readonly tensor?: Located<number>;
  readonly pipeline?: Located<number>;
  readonly replicas?: Located<number>;
  readonly inputTokens?: Located<number>;
  readonly outputTokens?: Located<number>;
  readonly concurrency?: Located<number | 'max'>;
  readonly requestsPerSecond?: Located<number>;
  readonly ttftMs?: Located<number>;
  readonly tpotMs?: Located<number>;
}
