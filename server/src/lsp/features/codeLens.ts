import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { deploymentLenses } from '../../core/present/estimates';
import { COMMANDS } from '../../shared/protocol';
import type { FeatureContext } from '../dispatch';
import { toRange } from '../ranges';

/**
 * Cost, speed and memory lenses above each deployment's name; each opens the
 * estimate's details, and the last one opens the hardware comparison.
 */
export function codeLenses({ document, analysis, session }: FeatureContext, _params: CodeLensParams): CodeLens[] {
  if (!session.settings.codeLensEnabled) return [];
  return analysis.deployments.flatMap((deployment) => {
    const range = toRange(document, deployment.spec.anchor);
    const args = [document.uri, deployment.spec.anchor.start];
    return deploymentLenses(deployment).map((lens) => ({
      range,
      command: {
        title: lens.title,
        command: lens.kind === 'compare' ? COMMANDS.compareHardware : COMMANDS.showEstimateDetails,
        arguments: args,
      },
    }));
  });
}
