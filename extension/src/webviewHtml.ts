import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The views' HTML: a strict Content-Security-Policy with a nonce, the bundled
 * script and stylesheet from media/ only, and no data in the page itself (it
 * arrives by postMessage).
 */
export function webviewHtml(webview: vscode.Webview, media: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(joinUri(media, 'webview.js'));
  const style = webview.asWebviewUri(joinUri(media, 'webview.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p>Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, file: string): vscode.Uri {
  return base.with({ path: `${base.path.replace(/\/$/, '')}/${file}` });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
