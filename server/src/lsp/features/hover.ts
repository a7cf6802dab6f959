import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../core/present/hover';
import type { FeatureContext } from '../dispatch';
import { toOffset, toRange } from '../ranges';

export function hover({ document, analysis, session }: FeatureContext, params: HoverParams): Hover | null {
  const card = hoverAt(analysis, session.catalog, toOffset(document, params.position));
  return card ? { contents: { kind: MarkupKind.Markdown, value: card.markdown }, range: toRange(document, card.span) } : null;
}
