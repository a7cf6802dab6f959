import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { FeatureContext } from '../dispatch';
import { toRange } from '../ranges';

/** The outline: one symbol per deployment, with its model and hardware as children. */
export function documentSymbols({ document, analysis }: FeatureContext, _params: DocumentSymbolParams): DocumentSymbol[] {
  return analysis.deployments.map((deployment) => {
    const { spec } = deployment;
    const children: DocumentSymbol[] = [];
    for (const [label, field] of [
      ['model', spec.model],
      ['hardware', spec.instance ?? spec.accelerator],
    ] as const) {
      if (!field) continue;
      children.push({ name: `${label}: ${field.value}`, kind: SymbolKind.Property, range: toRange(document, field.span), selectionRange: toRange(document, field.span) });
    }
    return {
      name: spec.name,
      detail: deployment.resolution.model?.id ?? '',
      kind: SymbolKind.Object,
      range: toRange(document, spec.span),
      selectionRange: toRange(document, spec.anchor),
      children,
    };
  });
}
