// The estimate and comparison views' script, bundled with Chart.js into media/webview.js.
// It receives data only by postMessage and renders it with textContent (never HTML),
// so nothing from a manifest or the catalog can inject markup.
import { Chart, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { FromWebview, ToWebview } from '../../server/src/shared/protocol';
import { logTickLabel } from './ticks';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

type Message = ToWebview;

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();
let chart: Chart | undefined;

const money = (x: number | null): string => (x === null ? '—' : `$${x < 1 ? x.toFixed(3) : x.toFixed(2)}`);
const ms = (x: number | null): string => (x === null ? '—' : `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`);

function cell(row: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

function table(headers: readonly string[], id: string): HTMLTableElement {
  const element = document.createElement('table');
  element.id = id;
  const head = element.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.appendChild(th);
  }
  element.createTBody();
  return element;
}

function color(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Which region the rows are priced in; choosing one compares again. */
function regionChooser(message: Extract<Message, { type: 'compare' }>): HTMLElement {
  const box = document.createElement('p');
  const label = document.createElement('label');
  label.textContent = 'Region: ';
  const select = document.createElement('select');
  select.id = 'region';
  for (const region of ['all', ...message.regions]) {
    const option = document.createElement('option');
    option.value = region;
    option.textContent = region === 'all' ? 'every region (each at its cheapest)' : region;
    option.selected = region === (message.region ?? 'all');
    select.appendChild(option);
  }
  select.addEventListener('change', () => vscode.postMessage({ type: 'region', region: select.value }));
  label.appendChild(select);
  box.appendChild(label);
  if (message.emptyRegion) {
    const note = document.createElement('span');
    note.textContent = ` Nothing is priced in ${message.emptyRegion}: showing every region.`;
    box.appendChild(note);
  }
  return box;
}

function renderCompare(message: Extract<Message, { type: 'compare' }>): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const title = document.createElement('h1');
  title.textContent = message.title;
  const canvasBox = document.createElement('div');
  canvasBox.className = 'chart';
  const canvas = document.createElement('canvas');
  canvas.id = 'chart';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Cost per million output tokens against time per output token for each alternative');
  canvasBox.appendChild(canvas);
  // The action comes first so it stays in view in a narrow panel; provider and region are in each row's tooltip.
  const alternatives = table(['', 'Instance', 'Accelerators', '$/1M out', 'TTFT', 'TPOT', '$/h', 'Fits'], 'alternatives');
  const body = alternatives.tBodies[0]!;
  for (const h of message.hardware) {
    const row = body.insertRow();
    row.dataset['instance'] = h.instance;
    row.title = `${h.instance}: ${h.provider}${h.region ? `, ${h.region}` : ''} · tensor ${h.tensor} · ${h.precision}`;
    const action = row.insertCell();
    if (h.current || h.instance === message.current) {
      row.className = 'current';
      action.textContent = 'current';
    } else if (!h.fits) {
      action.textContent = 'does not fit';
      action.className = 'manual';
    } else if (h.manualChanges) {
      // The format cannot express this move by rewriting fields: say what has to change instead of offering Apply.
      const note = document.createElement('span');
      note.className = 'manual';
      note.textContent = 'manual';
      note.title = `Needs manual changes: ${h.manualChanges.join('; ')}`;
      action.appendChild(note);
    } else {
      const button = document.createElement('button');
      button.textContent = 'Apply';
      button.title = `Rewrite the manifest to use ${h.instance}`;
      button.addEventListener('click', () => vscode.postMessage({ type: 'apply', instance: h.instance }));
      action.appendChild(button);
    }
    cell(row, h.instance);
    cell(row, `${h.acceleratorCount}× ${h.accelerator}`);
    cell(row, money(h.costPerMillionOutputTokens));
    cell(row, ms(h.ttftMs));
    cell(row, ms(h.tpotMs)).className = h.meetsSlo === false ? 'misses-slo' : '';
    if (h.meetsSlo === false) row.title += ' · misses the SLO';
    cell(row, money(h.costPerHour));
    cell(row, h.fits ? 'yes' : 'no');
  }
  const api = table(['API', '$ / 1M out', 'as of'], 'serverless');
  for (const s of message.serverless) {
    const row = api.tBodies[0]!.insertRow();
    cell(row, s.id);
    cell(row, money(s.costPerMillionOutputTokens));
    cell(row, s.asOf);
  }
  const apiTitle = document.createElement('h2');
  apiTitle.textContent = 'The same traffic on per-token APIs';
  root.append(title, regionChooser(message), canvasBox, alternatives, ...(message.serverless.length > 0 ? [apiTitle, api] : []));
  drawChart(canvas, message);
}

function drawChart(canvas: HTMLCanvasElement, message: Extract<Message, { type: 'compare' }>): void {
  const points = message.hardware.filter((h) => h.fits && h.costPerMillionOutputTokens !== null && h.tpotMs !== null);
  const foreground = color('--vscode-editor-foreground', '#ccc');
  const accent = color('--vscode-charts-blue', '#3794ff');
  const highlight = color('--vscode-charts-orange', '#d18616');
  const grid = color('--vscode-editorWidget-border', '#444');
  chart?.destroy();
  chart = new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Fits',
          data: points.map((h) => ({ x: h.tpotMs ?? 0, y: h.costPerMillionOutputTokens ?? 0, label: h.instance })),
          backgroundColor: points.map((h) => (h.instance === message.current ? highlight : accent)),
          pointRadius: points.map((h) => (h.instance === message.current ? 7 : 4)),
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${(item.raw as { label: string }).label}: ${money(item.parsed.y)} / 1M, ${ms(item.parsed.x)} per token` } },
      },
      scales: {
        // Log axes label only 1, 2 and 5 of each decade: Chart.js's default labels every
        // tick (80, 90, 100 …), which run together ("8090100") on a narrow chart.
        x: { type: 'logarithmic', title: { display: true, text: 'Time per output token (ms)', color: foreground }, ticks: { color: foreground, callback: (value) => logTickLabel(Number(value)), autoSkip: true, maxRotation: 0 }, grid: { color: grid } },
        y: { type: 'logarithmic', title: { display: true, text: '$ per 1M output tokens', color: foreground }, ticks: { color: foreground, callback: (value) => logTickLabel(Number(value)) }, grid: { color: grid } },
      },
    },
  });
}

/**
 * One column per deployment and one row per figure: an editor beside a manifest is narrow,
 * and nine figures side by side were cut off on the right. A file has few deployments, so
 * the table stays narrow; with many it scrolls in its box, the figures' names still in view.
 */
function renderEstimate(message: Extract<Message, { type: 'estimate' }>): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const title = document.createElement('h1');
  title.textContent = message.title;
  const [, ...figures] = message.headers;
  const rows = table([message.headers[0] ?? '', ...message.rows.map((r) => r[0] ?? '')], 'estimates');
  figures.forEach((figure, i) => {
    const row = rows.tBodies[0]!.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = figure;
    row.appendChild(th);
    for (const r of message.rows) cell(row, r[i + 1] ?? '');
  });
  const box = document.createElement('div');
  box.className = 'table-box';
  box.append(rows);
  root.append(title, box);
}

window.addEventListener('message', (event: MessageEvent<Message>) => {
  if (event.data.type === 'compare') renderCompare(event.data);
  else if (event.data.type === 'estimate') renderEstimate(event.data);
});
vscode.postMessage({ type: 'ready' });
