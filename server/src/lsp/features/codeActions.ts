import { CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cheapestFit, compareHardware } from '../../core/engine/compare';
import { deploymentAt } from '../../core/present/estimates';
import { usd } from '../../core/numbers';
import type { FeatureContext } from '../dispatch';
import { toOffset, toRange } from '../ranges';
import type { FixData } from './diagnostics';

/**
 * Quick fixes from the fix data findings carry (replace a name, set or add a
 * number), and "switch to the cheapest instance the model fits on" for
 * deployments that do not fit or when the cursor is on an instance. Every edit is
 * made by the core (from a field's provenance, or by `retarget`) and carries the
 * document version it was computed for, so it is refused if the text moved on.
 */
export function codeActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const fix = diagnostic.data as FixData | undefined;
    if (diagnostic.source !== 'inference-lens' || !fix?.options) continue;
    fix.options.forEach((option, i) => {
      actions.push({ title: option.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0, edit: versioned(context.document, [...option.edits]) });
    });
  }
  const cheaper = cheapestInstanceAction(context, params);
  if (cheaper) actions.push(cheaper);
  return actions;
}

/** Edits tied to the document version they were computed for. */
export function versioned(document: TextDocument, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
}

function cheapestInstanceAction({ document, analysis, session }: FeatureContext, params: CodeActionParams): CodeAction | undefined {
  const offset = toOffset(document, params.range.start);
  const deployment = deploymentAt(analysis.deployments, offset);
  const spec = deployment?.spec;
  if (!deployment || !spec?.instance) return undefined;
  const notFitting = params.context.diagnostics.filter((d: Diagnostic) => d.code === 'memory-exceeded');
  const onInstance = offset >= spec.instance.span.start && offset <= spec.instance.span.end;
  if (notFitting.length === 0 && !onInstance) return undefined;
  const { assumptions, defaults } = session.analysisOptions;
  const comparison = compareHardware(deployment, session.catalog, assumptions, defaults);
  const best = comparison && cheapestFit(comparison);
  if (!best || best.move.kind !== 'edit' || best.instance.id === deployment.resolution.instance?.id) return undefined;
  const edits = best.move.edits.map((e) => ({ range: toRange(document, e), newText: e.newText }));
  const cost = best.estimate.costPerMillionOutputTokens;
  return {
    title: `Switch to ${best.instance.id}, the cheapest instance the model fits on (${cost !== null ? `≈ ${usd(cost)} / 1M output tokens` : 'priced'})`,
    kind: notFitting.length > 0 ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    ...(notFitting.length > 0 ? { diagnostics: notFitting } : {}),
    edit: versioned(document, edits),
  };
}
