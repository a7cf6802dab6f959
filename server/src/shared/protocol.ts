/**
 * Custom messages between the VS Code client and the language server, and the
 * commands lenses run. Both sides import this module; every message is listed here.
 */
import type { PricingModel } from '../core/catalog/types';

/** Commands the client registers and the server's lenses invoke. */
export const COMMANDS = {
  /** Opens the hardware comparison for a deployment. Arguments: uri, offset of the deployment. */
  compareHardware: 'inferenceLens.compareHardware',
  /** Shows the formula, inputs and limiting bound behind a deployment's estimate. Arguments: uri, offset. */
  showEstimateDetails: 'inferenceLens.showEstimateDetails',
} as const;

export interface DocumentPosition {
  readonly uri: string;
  /** Offset (UTF-16) into the document of any character of the deployment. */
  readonly offset: number;
}

/** `inferenceLens/estimates`: every deployment of a document with its estimate. */
export const ESTIMATES_REQUEST = 'inferenceLens/estimates';
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

/** `inferenceLens/estimateDetails`: the estimate of the deployment at a position, as Markdown. */
export const ESTIMATE_DETAILS_REQUEST = 'inferenceLens/estimateDetails';
export interface EstimateDetailsResult {
  readonly markdown: string;
}

/** `inferenceLens/compare`: catalog alternatives for the deployment at a position. */
export const COMPARE_REQUEST = 'inferenceLens/compare';
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
  readonly hardware: readonly HardwareAlternative[];
  readonly serverless: readonly ServerlessAlternative[];
}
