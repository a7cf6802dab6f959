import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { cheapestFit, compareHardware } from '../../core/engine/compare';
import { deploymentAt } from '../../core/present/estimates';
import { usd } from '../../core/present/markdown';
import type { FeatureContext } from '../dispatch';
import { toOffset, toRange } from '../ranges';
import type { FixData } from './diagnostics';

/**
 * Quick fixes from the fix data findings carry (replace a name, set a number),
 * and "switch to the cheapest instance the model fits on" for deployments that
 * do not fit or when the cursor is on an instance.
 */
export function codeActions(context: FeatureContext, params: CodeActionParams): CodeAction[] {
  const uri = context.document.uri;
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const fix = diagnostic.data as FixData | undefined;
    if (diagnostic.source !== 'inference-lens' || !fix) continue;
    actions.push(...fixActions(uri, diagnostic, fix));
  }
  const cheaper = cheapestInstanceAction(context, params);
  if (cheaper) actions.push(cheaper);
  return actions;
}

function fixActions(uri: string, diagnostic: Diagnostic, fix: FixData): CodeAction[] {
  const edit = (newText: string): { changes: Record<string, TextEdit[]> } => ({ changes: { [uri]: [{ range: fix.range, newText }] } });
  if (fix.kind === 'set-number') {
    return [{ title: `Change to ${fix.value}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: edit(String(fix.value)) }];
  }
  return fix.candidates.map((candidate, i) => ({
    title: `Change to "${candidate}"`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === 0,
    edit: edit(candidate),
  }));
}

function cheapestInstanceAction({ document, analysis, session }: FeatureContext, params: CodeActionParams): CodeAction | undefined {
  const offset = toOffset(document, params.range.start);
  const deployment = deploymentAt(analysis.deployments, offset);
  const spec = deployment?.spec;
  if (!deployment || !spec?.instance) return undefined;
  const notFitting = params.context.diagnostics.filter((d) => d.code === 'memory-exceeded');
  const onInstance = offset >= spec.instance.span.start && offset <= spec.instance.span.end;
  if (notFitting.length === 0 && !onInstance) return undefined;
  const { assumptions, defaults } = session.analysisOptions;
  const comparison = compareHardware(deployment, session.catalog, assumptions, defaults);
  const best = comparison && cheapestFit(comparison);
  if (!best || best.instance.id === deployment.resolution.instance?.id) return undefined;
  // Without a declared tensor degree the default is every accelerator: only then is no parallelism edit needed.
  if (!spec.tensor && best.tensor !== best.instance.acceleratorCount) return undefined;
  const edits: TextEdit[] = [{ range: toRange(document, spec.instance.span), newText: best.instance.id }];
  if (spec.tensor && spec.tensor.value !== best.tensor) edits.push({ range: toRange(document, spec.tensor.span), newText: String(best.tensor) });
  if (spec.pipeline && spec.pipeline.value !== 1) edits.push({ range: toRange(document, spec.pipeline.span), newText: '1' });
  if (spec.precision && spec.precision.value !== best.precision) edits.push({ range: toRange(document, spec.precision.span), newText: best.precision });
  const cost = best.estimate.costPerMillionOutputTokens;
  return {
    title: `Switch to ${best.instance.id}, the cheapest instance the model fits on (${cost !== null ? `≈ ${usd(cost)} / 1M output tokens` : 'priced'})`,
    kind: notFitting.length > 0 ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    ...(notFitting.length > 0 ? { diagnostics: notFitting } : {}),
    edit: { changes: { [document.uri]: edits } },
  };
}
