// UI-level end-to-end tests: what a person sees and does in the workbench, driven with
// Playwright against code-server (no smoke-test driver, so notifications show). Run by
// scripts/e2e/run.mjs, which starts code-server on a scratch copy of test/e2e/workspace
// with the packaged extension installed. Every wait is on an element or a text, with a
// deadline; screenshots go to test/e2e/out/screenshots/.
import { join } from 'node:path';

const TEST_TIMEOUT_MS = 45_000;

/** Editor text as shown: Monaco renders spaces as no-break spaces. */
const plain = (text) => text.replace(/\u00a0/g, ' ');

/**
 * Runs the UI tests in order on `page`; calls `onTest` with each result and returns them all.
 * A test that fails leaves a screenshot named failure-<n>.png in `artifacts`.
 */
export async function runUiSuite({ page, url, screenshots, artifacts, onTest = (/** @type {unknown} */ _result) => {} }) {
  page.setDefaultTimeout(20_000);
  const editor = page.locator('.part.editor .monaco-editor').first();
  const viewLines = editor.locator('.view-lines');
  const lenses = editor.locator('.codelens-decoration');
  const hover = page.locator('.monaco-hover-content');
  const statusBar = page.locator('.part.statusbar');
  /** The first `$N/h` figure in a text, as a number. */
  const perHour = (text) => Number(/\$([\d,.]+)\/h/.exec(text ?? '')?.[1]?.replace(/,/g, '') ?? NaN);

  /** Calls `probe` until it returns a value other than undefined; throws after `timeout` ms. */
  const poll = async (what, probe, timeout = 15_000) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await page.waitForTimeout(100);
    }
  };

  const waitForEditorText = async (text, timeout = 15_000) => {
    const deadline = Date.now() + timeout;
    let seen = '';
    while (Date.now() < deadline) {
      seen = plain(await viewLines.innerText().catch(() => ''));
      if (seen.includes(text)) return seen;
      await page.waitForTimeout(100);
    }
    throw new Error(`the editor never showed "${text}"; it shows:\n${seen}`);
  };

  const openFromExplorer = async (name, expected, timeout = 15_000) => {
    await page.getByRole('treeitem', { name, exact: true }).click();
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout });
    await waitForEditorText(expected, timeout);
  };

  /** The token span showing exactly `text` in the editor. */
  const token = (text) => viewLines.locator('span > span').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();

  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  };

  let applyInstance = '';
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  const tests = [
    {
      title: 'the workbench opens the fixture workspace',
      async run() {
        await page.goto(url);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'chat-70b.yaml', exact: true }).waitFor({ timeout: 30_000 });
      },
    },
    {
      title: 'a broken manifest: squiggle, problems count and the Problems panel',
      async run() {
        // The first file opened also loads the YAML support and starts the language server:
        // on a busy shared 2-core machine that alone has taken over 20 s.
        await openFromExplorer('broken.yaml', 'instance: p5.48xlarg', 60_000);
        await editor.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
        const problems = page.locator('[id="status.problems"]');
        await problems.locator('a[aria-label="Errors: 1"]').waitFor();
        await problems.click();
        const panel = page.locator('.markers-panel');
        await panel.getByText('Unknown instance type "p5.48xlarg". Did you mean "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge"?').first().waitFor();
        await page.screenshot({ path: join(screenshots, 'problems.png') });
        await problems.click(); // toggles the panel closed again
      },
    },
    {
      title: 'a valid manifest: cost, speed and memory lenses and a hardware hint',
      async run() {
        await openFromExplorer('chat-70b.yaml', 'instance: p5.48xlarge');
        await lenses.filter({ hasText: '$55.04/h' }).first().waitFor();
        await lenses.filter({ hasText: 'TTFT ≈' }).first().waitFor();
        await lenses.filter({ hasText: 'fits: ' }).first().waitFor();
        await waitForEditorText('8× H100 SXM · 640 GB');
        await page.screenshot({ path: join(screenshots, 'editor-with-lenses.png') });
      },
    },
    {
      title: 'the status bar shows the file’s cost per hour and the catalog’s date',
      async run() {
        await statusBar.getByText('$55.04/h').first().waitFor({ timeout: 10_000 });
        await statusBar.locator('[id="status.languageStatus"]').click();
        await page.getByText(/catalog as of \d{4}-\d{2}-\d{2}/).first().waitFor();
        await page.keyboard.press('Escape');
      },
    },
    {
      title: 'hovering the instance shows its card',
      async run() {
        const target = token('p5.48xlarge');
        await target.waitFor();
        for (let attempt = 1; ; attempt++) {
          await page.mouse.move(5, 5);
          const box = await target.boundingBox();
          if (!box) throw new Error('the instance is not on screen');
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
          try {
            await hover.filter({ hasText: 'p5.48xlarge' }).filter({ hasText: 'H100' }).first().waitFor({ timeout: 3_000 });
            break;
          } catch (error) {
            if (attempt >= 5) throw error;
          }
        }
        await page.screenshot({ path: join(screenshots, 'hover-instance.png') });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      },
    },
    {
      title: 'completion offers instances with their hardware and price',
      async run() {
        const target = token('p5.48xlarge');
        const box = await target.boundingBox();
        if (!box) throw new Error('the instance is not on screen');
        await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
        await page.keyboard.press('End');
        for (let i = 0; i < '48xlarge'.length; i++) await page.keyboard.press('Backspace');
        await waitForEditorText('instance: p5.\n');
        await page.keyboard.press('Control+Space');
        const row = page.locator('.suggest-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^p5\.48xlarge$/ }) });
        await row.first().waitFor();
        await page.screenshot({ path: join(screenshots, 'completion.png') });
        await row.first().click();
        await waitForEditorText('instance: p5.48xlarge');
      },
    },
    {
      title: 'Compare Hardware from the command palette shows a chart and a table',
      async run() {
        const name = token('chat-70b');
        await name.click();
        await runCommand('Compare Hardware');
        await webview.locator('canvas#chart').waitFor({ timeout: 20_000 });
        const rows = webview.locator('table#alternatives tr[data-instance]');
        await rows.first().waitFor();
        const instances = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-instance')));
        if (!instances.includes('p5.48xlarge')) throw new Error(`no row for p5.48xlarge among ${instances.join(', ')}`);
        if (instances.length < 2) throw new Error(`only ${instances.length} option(s)`);
        applyInstance = instances.find((i) => /^p5e/.test(i ?? '')) ?? instances.find((i) => i !== 'p5.48xlarge') ?? '';
        // Chart.js draws (and animates) after load: wait until the canvas holds a picture.
        const canvas = webview.locator('canvas#chart');
        const deadline = Date.now() + 10_000;
        let size;
        for (let last = -1; ; last = size) {
          size = await canvas.evaluate((c) => (c.width > 0 && c.height > 0 ? c.toDataURL().length : 0));
          if (size > 5_000 && size === last) break;
          if (Date.now() > deadline) throw new Error(`the chart was not drawn (canvas data URL of ${size} characters)`);
          await page.waitForTimeout(250);
        }
        await page.screenshot({ path: join(screenshots, 'compare-view.png') });
      },
    },
    {
      title: 'Apply in the comparison rewrites the instance in the editor',
      async run() {
        if (!applyInstance) throw new Error('no alternative to apply (the comparison test failed)');
        const row = webview.locator(`table#alternatives tr[data-instance="${applyInstance}"]`);
        await row.getByRole('button', { name: /Apply/ }).click();
        await waitForEditorText(`instance: ${applyInstance}`);
        // The cost lens follows the edit; back in the editor, so does the status bar.
        const costLens = lenses.filter({ hasText: '/h ·' }).first();
        const lens = await poll('the cost lens to show the new price', async () => {
          const value = perHour(await costLens.innerText({ timeout: 1_000 }).catch(() => ''));
          return Number.isFinite(value) && value !== 55.04 ? value : undefined;
        });
        await token(applyInstance).click();
        await poll(`the status bar to show $${lens}/h`, async () => {
          const value = perHour(await statusBar.getByText(/\$[\d,.]+\/h/).first().innerText({ timeout: 1_000 }).catch(() => ''));
          return Math.abs(value - lens) / lens < 0.01 ? value : undefined;
        });
        await page.screenshot({ path: join(screenshots, 'after-apply.png') });
      },
    },
    {
      title: 'Estimate Deployment shows every figure of the deployment beside the editor, none cut off',
      async run() {
        await runCommand('Estimate Deployment');
        // Two webviews may be in the page now (the comparison's is hidden): find the estimate's frame.
        const frame = await poll('the estimate view', async () => {
          for (const f of page.frames()) if ((await f.locator('table#estimates td').count().catch(() => 0)) > 0) return f;
          return undefined;
        });
        const layout = await frame.evaluate(() => {
          const table = document.querySelector('table#estimates');
          const box = table?.parentElement;
          return {
            boxed: box?.classList.contains('table-box') ?? false,
            hiddenPx: table && box ? table.scrollWidth - box.clientWidth : NaN,
            pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            columns: [...document.querySelectorAll('table#estimates thead th')].map((th) => th.textContent),
            figures: [...document.querySelectorAll('table#estimates tbody th')].map((th) => th.textContent),
          };
        });
        // One deployment: every figure and its value are in view, nothing to scroll to.
        if (!layout.boxed) throw new Error(`the table is not in its scrolling box: ${JSON.stringify(layout)}`);
        if (layout.hiddenPx > 0 || layout.pageOverflow > 0) throw new Error(`${Math.max(layout.hiddenPx, layout.pageOverflow)} px of the table are cut off: ${JSON.stringify(layout)}`);
        if (JSON.stringify(layout.columns) !== JSON.stringify(['Deployment', 'chat-70b'])) throw new Error(`columns ${JSON.stringify(layout.columns)}`);
        if (JSON.stringify(layout.figures) !== JSON.stringify(['Model', 'Hardware', '$ / h', '$ / 1M out', 'TTFT', 'TPOT', 'tok/s total', 'Fits'])) throw new Error(`rows ${JSON.stringify(layout.figures)}`);
        await page.screenshot({ path: join(screenshots, 'estimate-view.png') });
      },
    },
  ];

  const results = [];
  let workbenchUp = true;
  for (const [index, test] of tests.entries()) {
    const start = Date.now();
    const result = { title: `[ui] ${test.title}`, state: 'passed', durationMs: 0 };
    if (!workbenchUp) {
      Object.assign(result, { state: 'failed', error: 'the workbench did not open' });
    } else {
      let timer;
      try {
        await Promise.race([
          test.run(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        Object.assign(result, { state: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        if (index === 0) workbenchUp = false;
        if (artifacts) await page.screenshot({ path: join(artifacts, `failure-${index + 1}.png`) }).catch(() => {});
        await page.keyboard.press('Escape').catch(() => {});
      } finally {
        clearTimeout(timer);
      }
    }
    result.durationMs = Date.now() - start;
    results.push(result);
    onTest(result);
  }
  return results;
}
