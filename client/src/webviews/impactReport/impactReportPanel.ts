import { Selection, TextEditorRevealType, ViewColumn, window, workspace, type Disposable, type ExtensionContext, type LogOutputChannel, type WebviewPanel } from "vscode";
import {
  IMPACT_REPORT_VIEW,
  isImpactReportViewMessage,
  type ImpactReportContent,
  type ImpactReportHostMessage,
  type ImpactReportViewMessage,
} from "../../../../shared/webview/impactReport";
import { lineRange } from "../../editorNavigation";
import { showCommit, showRangeDiff } from "../../impact/gitDiffDocuments";
import { resolveWorkspacePath } from "../../workspacePaths";
import { WebviewPanelHost, type WebviewPanelHostOptions } from "../webviewPanelHost";

export const IMPACT_REPORT_VIEW_TYPE = "vibeCoder.impactReport";
const DEFAULT_TITLE = "Vibe Coder Report";

type ReportHost = WebviewPanelHost<ImpactReportHostMessage, ImpactReportViewMessage>;

/**
 * The one report panel that Assess Impact and Catch Me Up share: each run replaces what it shows (and its title),
 * and "Run again" in the view repeats the command that produced it.
 */
export class ImpactReportPanel implements Disposable {
  private host: ReportHost | undefined;
  private rerun: (() => void) | undefined;
  private readonly registration: Disposable;

  constructor(
    private readonly context: ExtensionContext,
    private readonly log: LogOutputChannel,
  ) {
    // A panel left open across a window reload comes back empty unless someone adopts it; the view then restores
    // what it showed from its own getState().
    this.registration = window.registerWebviewPanelSerializer(IMPACT_REPORT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: WebviewPanel) => {
        this.adopt(WebviewPanelHost.revive(panel, this.hostOptions(panel.title)));
      },
    });
  }

  /** Shows "working on it" in the panel (opening it if needed) while a request runs. */
  showLoading(title: string, text: string, rerun: () => void): void {
    this.rerun = rerun;
    this.postToPanel(title, { type: "loading", title, text });
  }

  show(content: ImpactReportContent, rerun: () => void): void {
    this.rerun = rerun;
    this.postToPanel(content.title, { type: "show", content });
  }

  showError(title: string, message: string): void {
    this.postToPanel(title, { type: "error", title, message });
  }

  dispose(): void {
    this.registration.dispose();
    this.host?.dispose();
  }

  private postToPanel(title: string, message: ImpactReportHostMessage): void {
    const host = this.host && !this.host.isDisposed ? this.host : this.adopt(WebviewPanelHost.open(this.hostOptions(title), ViewColumn.Beside));
    host.title = title;
    host.post(message);
    host.reveal();
  }

  private adopt(host: ReportHost): ReportHost {
    this.host = host;
    host.onDidDispose(() => {
      if (this.host === host) this.host = undefined;
    });
    return host;
  }

  private hostOptions(title: string): WebviewPanelHostOptions<ImpactReportViewMessage> {
    return {
      viewType: IMPACT_REPORT_VIEW_TYPE,
      title: title || DEFAULT_TITLE,
      bundle: IMPACT_REPORT_VIEW,
      hasStylesheet: true,
      extensionUri: this.context.extensionUri,
      log: this.log,
      isViewMessage: isImpactReportViewMessage,
      onMessage: (message) => this.onViewMessage(message),
    };
  }

  private async onViewMessage(message: Exclude<ImpactReportViewMessage, { type: "ready" }>): Promise<void> {
    switch (message.type) {
      case "openFile": {
        await openWorkspaceFile(message.path, message.line ?? 1);
        return;
      }
      case "openDiff":
        await showRangeDiff(message.area, message.base, message.head, message.files);
        return;
      case "openCommit":
        await showCommit(message.hash);
        return;
      case "rerun":
        this.rerun?.();
        return;
    }
  }
}

/**
 * Opens a workspace-relative file at a line, in the first editor group so the report beside it stays visible. The
 * path comes from the (untrusted) view, so anything absolute or climbing out of the folder is refused.
 */
async function openWorkspaceFile(path: string, line: number): Promise<void> {
  const segments = path.split(/[\\/]/);
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || segments.includes("..")) throw new Error(`Refused to open ${path}: not a path inside the workspace.`);
  const uri = resolveWorkspacePath(path);
  if (!uri) throw new Error(`Cannot open ${path}: no workspace folder is open.`);
  const document = await workspace.openTextDocument(uri);
  const range = lineRange(document, line, line);
  const editor = await window.showTextDocument(document, { viewColumn: ViewColumn.One, preview: false, selection: new Selection(range.start, range.start) });
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}
