import * as vscode from 'vscode';

/** The scheme of the read-only Markdown documents the extension shows (estimate details, catalog cards). */
export const MARKDOWN_VIEW_SCHEME = 'inference-lens';

/**
 * Estimate details and catalog cards as rendered Markdown: a read-only virtual document
 * (never an untitled buffer that asks to be saved) opened in VS Code's own Markdown
 * preview beside the manifest. Showing the same name again updates the preview in place.
 */
export class MarkdownViews implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(MARKDOWN_VIEW_SCHEME, this), this.changed);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Shows `markdown` rendered, in a tab titled after `name` (e.g. "chat-70b estimate"). */
  async show(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: MARKDOWN_VIEW_SCHEME, path: `/${name.replace(/[/\\]/g, '-')}.md` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch (error) {
      // Without the built-in Markdown extension, the read-only source is still better than nothing.
      this.log.warn(`Markdown preview unavailable, showing the source: ${error instanceof Error ? error.message : String(error)}`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    return uri;
  }
}
