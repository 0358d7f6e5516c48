import { CancellationTokenSource, commands, window, type Disposable, type LogOutputChannel } from "vscode";
import { SearchRequest } from "../../../shared/protocol/search";
import { describeError } from "../log";
import { ResultsPicker } from "../resultsPicker";
import type { ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder } from "../serverGate";

export const SEARCH_CODE_COMMAND = "vibeCoder.searchCode";
export const SEARCH_TITLE = "Search Code";
export const SEARCH_PLACEHOLDER = "Describe the code or type a symbol, e.g. “where do we debounce input”";

/** Long enough to skip the keystrokes of a word being typed, short enough to feel live. */
const DEBOUNCE_MS = 120;

export function registerSearchCode(server: ServerClient, log: LogOutputChannel): Disposable {
  return commands.registerCommand(SEARCH_CODE_COMMAND, (initialQuery?: unknown) =>
    searchCode(server, log, typeof initialQuery === "string" ? initialQuery : undefined),
  );
}

/** Opens the live search picker; `initialQuery` (used by tests and other commands) is searched at once. */
export async function searchCode(server: ServerClient, log: LogOutputChannel, initialQuery?: string): Promise<void> {
  if (!requireWorkspaceFolder()) return;
  if (!(await requireServer(server))) return;

  const picker = new ResultsPicker({
    title: SEARCH_TITLE,
    placeholder: SEARCH_PLACEHOLDER,
    serverRanked: true,
    log,
    embedder: () => server.indexStatus?.embedder,
  });
  const search = new LiveSearch(server, log, picker);
  picker.onDidHide(() => search.dispose());
  picker.quickPick.onDidChangeValue((value) => search.schedule(value));

  const query = initialQuery ?? selectedWord();
  picker.show();
  if (query) {
    picker.quickPick.value = query;
    search.runNow(query);
  }
}

/** Debounces typing, cancels the request a newer query makes obsolete, and ignores answers that arrive late. */
class LiveSearch implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: CancellationTokenSource | undefined;
  private sequence = 0;
  private lastQuery = "";

  constructor(
    private readonly server: ServerClient,
    private readonly log: LogOutputChannel,
    private readonly picker: ResultsPicker,
  ) {}

  schedule(value: string): void {
    const query = value.trim();
    if (query === this.lastQuery) return;
    if (this.timer) clearTimeout(this.timer);
    if (!query) {
      this.lastQuery = "";
      this.cancelInFlight();
      this.picker.setBusy(false);
      this.picker.clear();
      return;
    }
    this.timer = setTimeout(() => this.runNow(query), DEBOUNCE_MS);
  }

  runNow(value: string): void {
    const query = value.trim();
    if (this.timer) clearTimeout(this.timer);
    if (!query || this.picker.isClosed) return;
    this.lastQuery = query;
    this.cancelInFlight();
    const source = new CancellationTokenSource();
    this.inFlight = source;
    const sequence = ++this.sequence;
    // The previous rows stay until the new ones arrive, so the list does not flicker while typing.
    this.picker.setBusy(true);
    const started = performance.now();
    void this.server.sendRequest(SearchRequest.type, { query }, source.token).then(
      (result) => {
        if (sequence !== this.sequence || source.token.isCancellationRequested) return;
        // The client answers null when the connection dropped while the request was pending.
        if (!result) {
          this.picker.showError("The server stopped before answering.", "show-log");
          return;
        }
        this.log.debug(`Search "${query}": ${result.hits.length} hits, server ${result.tookMs} ms, round trip ${Math.round(performance.now() - started)} ms.`);
        this.picker.showResult(result, query);
      },
      (error: unknown) => {
        if (sequence !== this.sequence || source.token.isCancellationRequested) return;
        this.log.error(`Search "${query}" failed: ${describeError(error)}`);
        this.picker.showRequestFailure("search", error);
      },
    ).finally(() => {
      if (sequence === this.sequence) this.picker.setBusy(false);
      source.dispose();
      if (this.inFlight === source) this.inFlight = undefined;
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.cancelInFlight();
  }

  private cancelInFlight(): void {
    this.inFlight?.cancel();
    this.inFlight = undefined;
  }
}

/** A short single-line selection is a good first query; anything longer is better served by Find Similar. */
function selectedWord(): string | undefined {
  const editor = window.activeTextEditor;
  if (!editor || editor.selection.isEmpty || !editor.selection.isSingleLine) return undefined;
  const text = editor.document.getText(editor.selection).trim();
  return text.length > 0 && text.length <= 100 ? text : undefined;
}
