import { MarkdownString, StatusBarAlignment, ThemeColor, window, workspace, type Disposable, type StatusBarItem } from "vscode";
import type { ServerClient } from "./serverClient";
import { statusBarText, tooltipMarkdown } from "./statusText";

export const STATUS_BAR_ITEM_ID = "vibeCoder.indexStatus";

/** The index status in the status bar: progress while indexing, the file count when ready, and trouble when not. */
export class IndexStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[];

  constructor(private readonly server: ServerClient) {
    this.item = window.createStatusBarItem(STATUS_BAR_ITEM_ID, StatusBarAlignment.Left, 0);
    this.item.name = "Vibe Coder Index";
    this.subscriptions = [
      server.onDidChangeState(() => this.render()),
      server.onDidChangeIndexStatus(() => this.render()),
      workspace.onDidChangeWorkspaceFolders(() => this.render()),
    ];
    this.render();
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.item.dispose();
  }

  private render(): void {
    const hasFolder = (workspace.workspaceFolders?.length ?? 0) > 0;
    const { text, tone, command } = statusBarText(this.server.state, this.server.indexStatus, hasFolder);
    this.item.text = text;
    this.item.command = command;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, "") };
    const tooltip = new MarkdownString(tooltipMarkdown(this.server.state, this.server.indexStatus));
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor =
      tone === "error" ? new ThemeColor("statusBarItem.errorBackground") : tone === "warning" ? new ThemeColor("statusBarItem.warningBackground") : undefined;
  }
}
