import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { completionsAt } from '../../core/present/completion';
import type { FeatureContext } from '../dispatch';
import { toOffset, toRange } from '../ranges';

export function completion({ document, analysis, session }: FeatureContext, params: CompletionParams): CompletionList {
  const found = completionsAt(analysis, session.catalog, toOffset(document, params.position));
  if (!found) return { isIncomplete: false, items: [] };
  const range = toRange(document, found.span);
  const items: CompletionItem[] = found.entries.map((entry) => ({
    label: entry.label,
    kind: entry.kind === 'field' ? CompletionItemKind.Property : CompletionItemKind.Value,
    ...(entry.detail ? { detail: entry.detail } : {}),
    ...(entry.documentation ? { documentation: entry.documentation } : {}),
    ...(entry.sortText ? { sortText: entry.sortText } : {}),
    textEdit: { range, newText: entry.insertText ?? entry.label },
    insertTextFormat: InsertTextFormat.PlainText,
  }));
  return { isIncomplete: false, items };
}
