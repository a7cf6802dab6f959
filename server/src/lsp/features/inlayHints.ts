import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { documentHints } from '../../core/present/estimates';
import type { FeatureContext } from '../dispatch';
import { toOffset } from '../ranges';

export function inlayHints({ document, analysis, session }: FeatureContext, params: InlayHintParams): InlayHint[] {
  if (!session.settings.inlayHintsEnabled) return [];
  const start = toOffset(document, params.range.start);
  const end = toOffset(document, params.range.end);
  return documentHints(analysis.deployments.filter((d) => d.spec.span.end >= start && d.spec.span.start <= end))
    .filter((hint) => hint.offset >= start && hint.offset <= end)
    .map((hint) => ({
      position: document.positionAt(hint.offset),
      label: hint.label,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      ...(hint.tooltip ? { tooltip: hint.tooltip } : {}),
    }));
}
