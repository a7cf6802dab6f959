// Helpers for the suite that runs inside the real extension host: fixtures from the
// workspace the harness opened, and waits that poll a condition until a deadline
// (never a fixed sleep: the test goes on as soon as the editor has what it needs).
import * as vscode from 'vscode';

/** The installed extension under test. */
export const EXTENSION_ID = 'inference-lens.inference-lens';

/** The workspace folder the harness opened (a scratch copy of test/e2e/workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the harness opened no workspace folder');
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

/** Opens a workspace fixture in an editor (which activates the extension on YAML). */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Opens an untitled YAML document with the given text. */
export async function openUntitled(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/**
 * Calls `probe` until it returns a value other than undefined, or throws when the
 * deadline passes, with the last value it saw. Probes run on every diagnostics change
 * and otherwise every 50 ms, so a wait ends as soon as its condition holds.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(50, left));
      const subscription = vscode.languages.onDidChangeDiagnostics(done);
      function done(): void {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  }
}

/** Diagnostics of our server (source inference-lens) for a document. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'inference-lens');
}

/** A diagnostic's code as a string, whether or not it carries a link. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Waits until the server published diagnostics satisfying `accept` for the document. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what = 'diagnostics'): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} on ${uri.path.split('/').pop() ?? uri.toString()}`, () => {
    const diagnostics = ourDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  });
}

/** Code lenses of a document, resolved, as the editor would show them. */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', uri, 20)) ?? [];
}

export async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await codeLenses(uri)).map((lens) => lens.command?.title ?? '');
}

/**
 * Waits until the lenses of a document satisfy `accept`. Lenses are the sign that the
 * server analyzed a document (a clean one publishes no diagnostics to wait on).
 */
export function waitForLenses(uri: vscode.Uri, accept: (titles: string[]) => boolean, what = 'code lenses'): Promise<string[]> {
  let last: string[] = [];
  return waitFor(what, async () => {
    last = await lensTitles(uri);
    return accept(last) ? last : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; last lens titles: ${JSON.stringify(last)}`);
  });
}

/** The text of all hovers at a position, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[] | undefined>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** The position of the `index`-th character of the first occurrence of `needle` (+ `shift`). */
export function positionOf(document: vscode.TextDocument, needle: string, shift = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" is not in ${document.uri.toString()}`);
  return document.positionAt(offset + shift);
}

/** The label of an inlay hint as plain text. */
export function hintLabel(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** Open webview tabs whose view type ends with `viewType`. */
export function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

/**
 * Discards every edit and closes every editor, so tests do not leak into each other.
 * Dirty documents (edited fixtures, untitled documents the commands open) are reverted
 * one by one first: closing them otherwise asks whether to save.
 */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || document.isClosed) continue;
    // Only the tests' own documents: VS Code's settings.json is briefly dirty while a test updates a setting.
    if (document.uri.scheme !== 'untitled' && !vscode.workspace.getWorkspaceFolder(document.uri)) continue;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Offset of the deployment named `name` (its name's first character), as lenses pass it. */
export function deploymentOffset(document: vscode.TextDocument, name: string): number {
  const offset = document.getText().indexOf(`name: ${name}`);
  if (offset < 0) throw new Error(`no deployment named ${name} in ${document.uri.toString()}`);
  return offset + 'name: '.length;
}

/** Prints a line the harness shows with the test report (index.ts marks mocha's lines the same way). */
export function report(text: string): void {
  console.log(`[inference-lens-e2e]   ${text}`);
}
