import { fmt, num } from '../core/numbers';
import type { DeploymentDiff, DeploymentFigures, DiffResult } from './diff';

/** The three ways `inference-lens diff` prints a DiffResult. */

/** The first line of the review comment: the Action finds its own comment by it and updates it. */
export const COMMENT_MARKER = '<!-- inference-lens-diff -->';

/** The issue's JSON shape: deployments with before/after figures, and cost totals. */
export function diffJson(result: DiffResult): string {
  return JSON.stringify({ deployments: result.deployments, totals: result.totals }, null, 2);
}

interface Column {
  readonly title: string;
  readonly value: (f: DeploymentFigures) => number | boolean | string | null;
  readonly show: (v: number | boolean | string) => string;
}

const money = (v: number | boolean | string): string => `$${fmt(Number(v))}`;
const millis = (v: number | boolean | string): string => `${fmt(Number(v))} ms`;

const COLUMNS: readonly Column[] = [
  { title: 'hardware', value: hardware, show: String },
  { title: '$/hour', value: (f) => f.costPerHour, show: money },
  { title: '$/1M output tokens', value: (f) => f.costPerMillionOutputTokens, show: money },
  { title: 'TTFT', value: (f) => f.ttftMs, show: millis },
  { title: 'TPOT', value: (f) => f.tpotMs, show: millis },
  { title: 'fits', value: (f) => f.fits, show: (v) => (v ? 'yes' : 'no') },
];

/** "8× H100 (p5.48xlarge) ×2": what a replica runs on, and how many replicas. */
function hardware(f: DeploymentFigures): string | null {
  if (!f.accelerator && !f.instance) return null;
  const chips = f.accelerator ? `${f.acceleratorsPerReplica ?? '?'}× ${f.accelerator}` : '';
  const instance = f.instance ? (chips ? ` (${f.instance})` : f.instance) : '';
  return `${chips}${instance}${f.replicas !== null && f.replicas > 1 ? ` ×${f.replicas}` : ''}`;
}

/** "+22.1%", "-8.0%", or nothing when either side is not a number or the base is zero. */
function percent(before: unknown, after: unknown): string {
  if (typeof before !== 'number' || typeof after !== 'number' || before === 0 || before === after) return '';
  const change = ((after - before) / before) * 100;
  return ` (${change > 0 ? '+' : ''}${change.toFixed(1)}%)`;
}

/** One cell: the value, or "before → after (±%)" when it changed; "—" for unknown. */
function cell(column: Column, d: DeploymentDiff): string {
  const show = (f: DeploymentFigures | null): string => {
    const v = f ? column.value(f) : null;
    return v === null ? '—' : column.show(v);
  };
  if (!d.before || !d.after) return show(d.after ?? d.before);
  const before = column.value(d.before);
  const after = column.value(d.after);
  if (before === after) return show(d.after);
  return `${show(d.before)} → ${show(d.after)}${percent(before, after)}`;
}

function totalLine(result: DiffResult): string {
  const { costPerHourBefore: before, costPerHourAfter: after } = result.totals;
  const delta = after - before;
  const sign = delta > 0 ? '+' : delta < 0 ? '-' : '±';
  const unpriced = (side: 'before' | 'after'): number => result.deployments.filter((d) => d[side] && d[side].costPerHour === null).length;
  const missing = [
    unpriced('before') > 0 ? `${plural(unpriced('before'), 'deployment')} without a price before` : '',
    unpriced('after') > 0 ? `${plural(unpriced('after'), 'deployment')} without a price after` : '',
  ].filter(Boolean);
  const note = missing.length > 0 ? `; not counted: ${missing.join(', ')}` : '';
  return `$${num(before, 2)}/hour → $${num(after, 2)}/hour${percent(before, after)}, ${sign}$${num(Math.abs(delta) * 730, 0)} a month (730 hours)${note}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const CHANGE_ORDER = { changed: 0, added: 1, removed: 2, unchanged: 3 } as const;

function ordered(result: DiffResult): DeploymentDiff[] {
  return [...result.deployments].sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change]);
}

/** For a terminal: one block per deployment that moved, a count of those that did not, the total. */
export function diffText(result: DiffResult): string {
  const lines: string[] = [];
  const unchanged = result.deployments.filter((d) => d.change === 'unchanged');
  for (const d of ordered(result)) {
    if (d.change === 'unchanged') continue;
    lines.push(`${d.change.padEnd(8)} ${d.name}  ${d.file}`);
    for (const column of COLUMNS) {
      const before = d.before ? column.value(d.before) : null;
      const after = d.after ? column.value(d.after) : null;
      if (d.change === 'changed' && before === after) continue;
      lines.push(`  ${column.title.padEnd(19)} ${cell(column, d)}`);
    }
  }
  if (unchanged.length > 0) lines.push(`unchanged: ${unchanged.map((d) => `${d.name} (${d.file})`).join(', ')}`);
  if (result.deployments.length === 0) lines.push('No deployments in the files compared.');
  lines.push(`total ${totalLine(result)}`);
  for (const f of result.introducedFindings) lines.push(`new ${f.severity} ${f.file}:${f.line} ${f.code} ${f.message}`);
  return lines.join('\n');
}

const LABEL = { added: '➕ added', removed: '➖ removed', changed: '✏️ changed', unchanged: 'unchanged' } as const;

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A pull-request review comment: a table of what moved, totals, and the findings the change brings. */
export function diffMarkdown(result: DiffResult): string {
  const moved = ordered(result).filter((d) => d.change !== 'unchanged');
  const unchanged = result.deployments.filter((d) => d.change === 'unchanged');
  const lines = [COMMENT_MARKER, '### Inference Lens: what this change does to your deployments', ''];
  if (moved.length === 0) {
    lines.push(result.deployments.length === 0 ? 'No deployments in the files compared.' : 'No deployment’s cost, speed, fit or hardware changes.');
  } else {
    lines.push(`| | deployment | ${COLUMNS.map((c) => c.title).join(' | ')} |`);
    lines.push(`|---|---|${COLUMNS.map((c) => (c.title === 'hardware' ? '---' : c.title === 'fits' ? ':---:' : '---:')).join('|')}|`);
    for (const d of moved) {
      lines.push(`| ${LABEL[d.change]} | \`${escapeCell(d.name)}\`<br>${escapeCell(d.file)} | ${COLUMNS.map((c) => escapeCell(cell(c, d))).join(' | ')} |`);
    }
  }
  lines.push('', `**Total:** ${totalLine(result)}`);
  if (unchanged.length > 0) {
    lines.push('', `<details><summary>${unchanged.length} unchanged</summary>`, '');
    for (const d of unchanged) lines.push(`- \`${d.name}\` in ${d.file}`);
    lines.push('', '</details>');
  }
  if (result.introducedFindings.length > 0) {
    lines.push('', '#### Findings introduced by this change', '');
    for (const f of result.introducedFindings) lines.push(`- **${f.severity}** \`${f.code}\` ${f.file}:${f.line}: ${f.message}`);
  }
  lines.push('', '<sub>Estimates from an analytic model and the bundled catalog (see docs/estimator.md); costs count deployments with a price.</sub>');
  return lines.join('\n');
}
