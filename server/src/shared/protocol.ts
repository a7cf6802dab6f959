/**
 * Custom messages between the VS Code client and the language server, the commands
 * lenses run, and the messages between the extension and its webviews. Both sides of
 * each import this module: every request is a typed `RequestType` (params, result),
 * so a change to a shape breaks the build on both sides instead of at run time.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { PricingModel } from '../core/catalog/types';

/** Commands the client registers (lenses invoke the first two). Each takes optional arguments and returns a value, so tests can run it. */
export const COMMANDS = {
  /** Opens the hardware comparison for a deployment. Arguments: uri, offset of the deployment. Returns the CompareResult. */
  compareHardware: 'inferenceLens.compareHardware',
  /** Shows the formula, inputs and limiting bound behind a deployment's estimate. Arguments: uri, offset. Returns the Markdown. */
  showEstimateDetails: 'inferenceLens.showEstimateDetails',
  /** Opens the estimate view for the deployments of a document. Arguments: uri, offset. Returns the EstimatesResult. */
  estimateDeployment: 'inferenceLens.estimateDeployment',
  /** Rewrites a deployment's hardware to a catalog instance. Arguments: uri, offset, instance id. Returns whether it applied. */
  applyAlternative: 'inferenceLens.applyAlternative',
  /** Opens a catalog entry's card. Argument: id (else a quick pick). Returns the Markdown. */
  browseCatalog: 'inferenceLens.browseCatalog',
  /** Writes a new InferenceDeployment. Argument: NewManifestAnswers (else quick inputs). Returns the text. */
  newManifest: 'inferenceLens.newManifest',
  /** Sets `inferenceLens.region`. Argument: region (else a quick pick). */
  setRegion: 'inferenceLens.setRegion',
  /** Sets `inferenceLens.pricing`. Argument: pricing model (else a quick pick). */
  setPricing: 'inferenceLens.setPricing',
} as const;

export interface NewManifestAnswers {
  readonly model: string;
  readonly instance: string;
  readonly region?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly concurrency?: number | 'max';
}

export interface DocumentPosition {
  readonly uri: string;
  /** Offset (UTF-16) into the document of any character of the deployment. */
  readonly offset: number;
}

export interface EstimatesParams {
  readonly uri: string;
}
export interface DeploymentSummary {
  readonly name: string;
  /** Offsets of the deployment's document, and of its name (where lenses sit). */
  readonly start: number;
  readonly end: number;
  readonly anchor: number;
  readonly model: string | null;
  readonly hardware: string | null;
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  readonly outputTokensPerSecond: number | null;
  readonly fits: boolean | null;
}
export interface EstimatesResult {
  readonly deployments: readonly DeploymentSummary[];
}
/** `inferenceLens/estimates`: every deployment of a document with its estimate (null: the document is not open). */
export const EstimatesRequest = new RequestType<EstimatesParams, EstimatesResult | null, void>('inferenceLens/estimates');

export interface EstimateDetailsResult {
  readonly markdown: string;
}
/** `inferenceLens/estimateDetails`: the estimate of the deployment at a position, as Markdown (null: no deployment there). */
export const EstimateDetailsRequest = new RequestType<DocumentPosition, EstimateDetailsResult | null, void>('inferenceLens/estimateDetails');

export interface CompareParams extends DocumentPosition {
  /** A region to compare in, or `all`; default: the deployment's region (every region when it has nothing priced). */
  readonly region?: string;
}
export interface HardwareAlternative {
  readonly instance: string;
  readonly provider: string;
  readonly accelerator: string;
  readonly acceleratorCount: number;
  readonly tensor: number;
  readonly precision: string;
  readonly region: string | null;
  readonly pricing: PricingModel;
  readonly fits: boolean;
  readonly requiredGB: number | null;
  readonly availableGB: number | null;
  readonly costPerHour: number | null;
  readonly costPerMillionOutputTokens: number | null;
  readonly ttftMs: number | null;
  readonly tpotMs: number | null;
  /** What has to change by hand to move there (another vendor's image, a node label), or null when Apply can do it. */
  readonly manualChanges: readonly string[] | null;
  /** Whether the estimate meets the deployment's TTFT/TPOT SLOs; null when it declares none. */
  readonly meetsSlo: boolean | null;
  /** The deployment's own instance: the same figures as its lens. */
  readonly current: boolean;
}
export interface ServerlessAlternative {
  readonly id: string;
  readonly provider: string;
  readonly costPerMillionOutputTokens: number;
  readonly asOf: string;
}
export interface CompareResult {
  readonly deployment: string;
  readonly model: string | null;
  /** The region rows are priced in; null: each instance in its cheapest region. */
  readonly region: string | null;
  /** The region asked for, when it had nothing priced and every region is shown instead. */
  readonly emptyRegion: string | null;
  /** Regions with something to compare, for a chooser. */
  readonly regions: readonly string[];
  readonly hardware: readonly HardwareAlternative[];
  readonly serverless: readonly ServerlessAlternative[];
}
/** `inferenceLens/compare`: catalog alternatives for the deployment at a position (null: no deployment there). */
export const CompareRequest = new RequestType<CompareParams, CompareResult | null, void>('inferenceLens/compare');

export interface AlternativeEditsParams extends DocumentPosition {
  readonly instance: string;
  /** The region the comparison was made in (as in `CompareParams`). */
  readonly region?: string;
}
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}
export interface AlternativeEditsResult {
  readonly edits: readonly OffsetEdit[];
  /** Why nothing can be rewritten, when `edits` is empty. */
  readonly reason?: string;
  /** The document version the edits were computed for: a client applies them only to that version. */
  readonly version: number;
}
/** `inferenceLens/alternativeEdits`: the edits that move a deployment to a catalog instance (empty when its format cannot be rewritten). */
export const AlternativeEditsRequest = new RequestType<AlternativeEditsParams, AlternativeEditsResult | null, void>('inferenceLens/alternativeEdits');

export interface CatalogEntrySummary {
  readonly id: string;
  readonly kind: 'chip' | 'instance' | 'model';
  readonly label: string;
  readonly detail: string;
  /** Instances: the regions offered in. */
  readonly regions?: readonly string[];
}
export interface CatalogResult {
  readonly entries: readonly CatalogEntrySummary[];
  readonly regions: readonly string[];
  readonly oldestAsOf: string | null;
  readonly newestAsOf: string | null;
  readonly files: readonly string[];
  readonly problems: readonly string[];
}
/** `inferenceLens/catalog`: entries for pickers, and the catalog's freshness. */
export const CatalogRequest = new RequestType0<CatalogResult, void>('inferenceLens/catalog');

export interface CatalogCardParams {
  readonly id: string;
}
/** `inferenceLens/catalogCard`: the hover card of a catalog entry, as Markdown (null: no such entry). */
export const CatalogCardRequest = new RequestType<CatalogCardParams, string | null, void>('inferenceLens/catalogCard');

export interface TrustParams {
  readonly trusted: boolean;
}
/** `inferenceLens/trust` (client → server): the workspace's trust changed; workspace catalog files are read only when trusted. */
export const TrustNotification = new NotificationType<TrustParams>('inferenceLens/trust');

/** Extension → webview: what a view shows. Rendered as text only (see extension/webview/main.ts). */
export type ToWebview =
  | {
      readonly type: 'compare';
      readonly title: string;
      /** The deployment's current instance, highlighted. */
      readonly current: string | null;
      /** As in `CompareResult`: the region rows are priced in, the empty region asked for, the regions to choose from. */
      readonly region: string | null;
      readonly emptyRegion: string | null;
      readonly regions: readonly string[];
      readonly hardware: readonly HardwareAlternative[];
      readonly serverless: readonly ServerlessAlternative[];
    }
  | { readonly type: 'estimate'; readonly title: string; readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] };

/** Webview → extension: the page's script is listening; the user asked to switch to an instance, or to compare in another region. */
export type FromWebview = { readonly type: 'ready' } | { readonly type: 'apply'; readonly instance: string } | { readonly type: 'region'; readonly region: string };
