import { randomBytes } from "node:crypto";
import { Uri, type Webview } from "vscode";

/** Where the webview bundles are built (esbuild: webview/src/<name>/main.ts → dist/webview/<name>.js). */
export const WEBVIEW_DIST_SEGMENTS = ["dist", "webview"] as const;

/** The folder a webview may load anything from; nothing else of the extension or the workspace is reachable. */
export function webviewAssetRoot(extensionUri: Uri): Uri {
  return Uri.joinPath(extensionUri, ...WEBVIEW_DIST_SEGMENTS);
}

/** A fresh random nonce; a new one per render so an old page's nonce never authorises a script again. */
export function createNonce(): string {
  return randomBytes(18).toString("base64").replace(/[^A-Za-z0-9]/g, "");
}

export interface WebviewPageOptions {
  /** Bundle name: loads dist/webview/<bundle>.js, and <bundle>.css when `hasStylesheet`. */
  bundle: string;
  /** The document title (screen readers announce it). */
  title: string;
  hasStylesheet: boolean;
  /**
   * The page embeds Monaco (the diff-apply panel), which needs four more CSP sources, each as narrow as it can be:
   * - `style-src 'nonce-…'`: Monaco writes its theme and layout rules into <style> elements at run time; the page
   *   stamps them with this render's nonce (Monaco 0.57 has no nonce option of its own), so <style> elements stay
   *   nonce-only and no 'unsafe-inline' covers them.
   * - `style-src-attr 'unsafe-inline'`: Monaco renders lines, line numbers and decorations as HTML strings whose
   *   elements are positioned with style="top:…;height:…" attributes. No nonce can cover an attribute and the values
   *   change with every scroll, so inline style *attributes* (never <style> elements, scripts or URLs) are allowed.
   * - `worker-src blob:`: a Worker must be same-origin with the page, and webview resources are served from another
   *   origin, so the editor worker bundle is fetched and started from a blob: URL.
   * - `connect-src <webview resources>`: that fetch, limited to the extension's dist/webview folder like everything else.
   */
  runsMonaco?: boolean;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The HTML shell every Vibe Coder webview uses: a strict CSP (`default-src 'none'`; scripts only with this render's
 * nonce; styles, fonts and images only from the asset folder), the codicon stylesheet under the id that
 * @vscode-elements/elements looks for, and one ES module bundle that renders everything else.
 */
export function renderWebviewPage(webview: Webview, extensionUri: Uri, options: WebviewPageOptions): string {
  const nonce = createNonce();
  const root = webviewAssetRoot(extensionUri);
  const asset = (...segments: string[]): string => webview.asWebviewUri(Uri.joinPath(root, ...segments)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    options.runsMonaco ? `style-src ${webview.cspSource} 'nonce-${nonce}'` : `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(options.runsMonaco ? ["style-src-attr 'unsafe-inline'", "worker-src blob:", `connect-src ${webview.cspSource}`] : []),
  ].join("; ");
  const stylesheet = options.hasStylesheet ? `\n    <link rel="stylesheet" href="${asset(`${options.bundle}.css`)}">` : "";
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeAttribute(options.title)}</title>
    <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset("codicons", "codicon.css")}">${stylesheet}
  </head>
  <body>
    <main id="root" aria-live="polite"></main>
    <script type="module" nonce="${nonce}" src="${asset(`${options.bundle}.js`)}"></script>
  </body>
</html>`;
}
