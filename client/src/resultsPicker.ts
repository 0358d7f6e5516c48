// The one QuickPick that shows search results, shared by "Search Code" and "Find Similar Code": it previews the
// active hit, opens the chosen one, and puts the user's editor back when they press Escape.
import { EventEmitter, commands, window, type Disposable, type Event, type LogOutputChannel, type QuickPick, type Uri } from "vscode";
import type { EmbedderStatus } from "../../shared/protocol/indexing";
import type { SearchHit, SearchResult } from "../../shared/protocol/search";
import { restoreEditor, showLines, snapshotActiveEditor, type ShowMode } from "./editorNavigation";
import { describeError } from "./log";
import { OPEN_BESIDE_BUTTON, errorItem, resultItems, resultTitle, type ResultAction, type ResultItem } from "./resultItems";
import { ServerUnavailableError, isConnectionLost } from "./serverClient";
import { resolveWorkspacePath } from "./workspacePaths";

export interface ResultsPickerOptions {
  /** Base title, e.g. "Search Code"; counts and notes are appended when results arrive. */
  title: string;
  placeholder: string;
  /**
   * True for live search: the server's ranking is final, so VS Code must neither filter nor match on the text.
   * False for a fixed result list, which the user may narrow down by typing.
   */
  serverRanked: boolean;
  log: LogOutputChannel;
  /** The latest embedder status, to explain a lexical-only search. */
  embedder: () => EmbedderStatus | undefined;
}

const PREVIEW_DELAY_MS = 60;

export class ResultsPicker implements Disposable {
  readonly quickPick: QuickPick<ResultItem>;
  private readonly snapshot = snapshotActiveEditor();
  private readonly disposables: Disposable[] = [];
  private readonly hideEmitter = new EventEmitter<void>();
  private previewed: Uri | undefined;
  private lastPreviewKey: string | undefined;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private handled = false;

  /** Fires once, when the picker closes for any reason. */
  readonly onDidHide: Event<void> = this.hideEmitter.event;

  constructor(private readonly options: ResultsPickerOptions) {
    const quickPick = window.createQuickPick<ResultItem>();
    this.quickPick = quickPick;
    quickPick.title = options.title;
    quickPick.placeholder = options.placeholder;
    quickPick.matchOnDescription = !options.serverRanked;
    quickPick.matchOnDetail = false;
    this.disposables.push(
      quickPick,
      this.hideEmitter,
      quickPick.onDidChangeActive((items) => this.schedulePreview(items[0])),
      quickPick.onDidAccept(() => void this.accept(quickPick.selectedItems[0] ?? quickPick.activeItems[0], "open")),
      quickPick.onDidTriggerItemButton((event) => {
        if (event.button === OPEN_BESIDE_BUTTON) void this.accept(event.item, "open-beside");
      }),
      quickPick.onDidHide(() => void this.onHide()),
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  show(): void {
    this.quickPick.show();
  }

  setBusy(busy: boolean): void {
    if (!this.closed) this.quickPick.busy = busy;
  }

  /** Replaces the rows with a result, in the server's order. */
  showResult(result: SearchResult, query: string): void {
    if (this.closed) return;
    this.quickPick.items = resultItems(result, query, this.options.embedder(), this.options.serverRanked);
    this.quickPick.title = resultTitle(this.options.title, result);
  }

  /** Empties the list (an empty query shows nothing). */
  clear(): void {
    if (this.closed) return;
    this.quickPick.items = [];
    this.quickPick.title = this.options.title;
  }

  /** Shows a failed request as a row, so the user sees why nothing came back. */
  showError(message: string, action?: ResultAction): void {
    if (this.closed) return;
    this.quickPick.items = [errorItem(message, action)];
    this.quickPick.title = this.options.title;
  }

  /** Explains why a request failed: the server being down or restarting reads differently from a server error. */
  showRequestFailure(what: string, error: unknown): void {
    if (error instanceof ServerUnavailableError) this.showError(error.message, "restart-server");
    else if (isConnectionLost(error)) this.showError(`The Vibe Coder server stopped during the ${what}. Try again in a moment.`, "show-log");
    else this.showError(`${what[0].toUpperCase()}${what.slice(1)} failed: ${describeError(error)}`, "show-log");
  }

  dispose(): void {
    if (this.previewTimer) clearTimeout(this.previewTimer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private schedulePreview(item: ResultItem | undefined): void {
    if (this.previewTimer) clearTimeout(this.previewTimer);
    const hit = item?.hit;
    if (!hit || this.closed) return;
    // A short delay keeps fast arrow-key runs and result refreshes from opening every file on the way.
    this.previewTimer = setTimeout(() => void this.preview(hit), PREVIEW_DELAY_MS);
  }

  private async preview(hit: SearchHit): Promise<void> {
    const key = `${hit.path}:${hit.startLine}-${hit.endLine}`;
    if (this.closed || this.handled || key === this.lastPreviewKey) return;
    const uri = resolveWorkspacePath(hit.path);
    if (!uri) return;
    this.lastPreviewKey = key;
    try {
      await showLines(uri, hit.startLine, hit.endLine, "preview");
      this.previewed = uri;
      // The picker may have been dismissed while this preview was opening.
      if (this.closed && !this.handled) await this.restoreOnce();
    } catch (error) {
      this.options.log.debug(`Preview of ${hit.path} failed: ${describeError(error)}`);
    }
  }

  private async accept(item: ResultItem | undefined, mode: ShowMode): Promise<void> {
    if (!item || this.closed) return;
    if (item.hit) {
      const hit = item.hit;
      this.handled = true;
      this.quickPick.hide();
      const uri = resolveWorkspacePath(hit.path);
      try {
        if (!uri) throw new Error("no folder is open");
        await showLines(uri, hit.startLine, hit.endLine, mode);
      } catch (error) {
        void window.showWarningMessage(`Vibe Coder could not open ${hit.path}: ${describeError(error)}`);
      }
      return;
    }
    if (item.action) {
      // Put the user's editor back first, so the action's editor (settings, log) ends up in front of it.
      this.handled = true;
      this.quickPick.hide();
      await this.restoreOnce();
      await runAction(item.action);
    }
  }

  private async restoreOnce(): Promise<void> {
    const previewed = this.previewed;
    this.previewed = undefined;
    if (!previewed) return;
    try {
      await restoreEditor(this.snapshot, previewed);
    } catch (error) {
      this.options.log.debug(`Restoring the editor failed: ${describeError(error)}`);
    }
  }

  private async onHide(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.previewTimer) clearTimeout(this.previewTimer);
    this.hideEmitter.fire();
    if (!this.handled) await this.restoreOnce();
    this.dispose();
  }
}

async function runAction(action: ResultAction): Promise<void> {
  switch (action) {
    case "open-embedding-settings":
      await commands.executeCommand("workbench.action.openSettings", "vibeCoder.embeddings");
      break;
    case "show-index-status":
      await commands.executeCommand("vibeCoder.showIndexStatus");
      break;
    case "show-log":
      await commands.executeCommand("vibeCoder.showLog");
      break;
    case "restart-server":
      await commands.executeCommand("vibeCoder.restartServer");
      break;
  }
}
