import { CancellationTokenSource, commands, window, type Disposable, type LogOutputChannel } from "vscode";
import { FindSimilarRequest, type FindSimilarParams } from "../../../shared/protocol/search";
import { describeError } from "../log";
import { ResultsPicker } from "../resultsPicker";
import type { ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder } from "../serverGate";
import { baseName, toWorkspaceRelativePath } from "../workspacePaths";

export const FIND_SIMILAR_COMMAND = "vibeCoder.findSimilar";
export const FIND_SIMILAR_TITLE = "Find Similar Code";
export const NO_SELECTION_MESSAGE = "Select the code you want to find similar code for, then run Find Similar Code again.";

/** Selections beyond this are cut: the server compares meaning, and a whole file adds cost without adding signal. */
const MAX_SELECTION_CHARS = 20_000;

export function registerFindSimilar(server: ServerClient, log: LogOutputChannel): Disposable {
  return commands.registerCommand(FIND_SIMILAR_COMMAND, () => findSimilar(server, log));
}

export async function findSimilar(server: ServerClient, log: LogOutputChannel): Promise<void> {
  const params = paramsFromSelection();
  if (!params) {
    void window.showInformationMessage(NO_SELECTION_MESSAGE);
    return;
  }
  if (!requireWorkspaceFolder()) return;
  if (!(await requireServer(server))) return;

  const title = `${FIND_SIMILAR_TITLE} — ${baseName(params.path)}:${params.startLine}-${params.endLine}`;
  const picker = new ResultsPicker({
    title,
    placeholder: "Type to filter the similar code found",
    serverRanked: false,
    log,
    embedder: () => server.indexStatus?.embedder,
  });
  const source = new CancellationTokenSource();
  picker.onDidHide(() => source.cancel());
  picker.setBusy(true);
  picker.show();
  try {
    const result = await server.sendRequest(FindSimilarRequest.type, params, source.token);
    if (source.token.isCancellationRequested) return;
    // The client answers null when the connection dropped while the request was pending.
    if (result) picker.showResult(result, "the selection");
    else picker.showError("The server stopped before answering.", "show-log");
  } catch (error) {
    if (source.token.isCancellationRequested) return;
    log.error(`Find Similar failed: ${describeError(error)}`);
    picker.showRequestFailure("similar-code search", error);
  } finally {
    picker.setBusy(false);
    source.dispose();
  }
}

function paramsFromSelection(): FindSimilarParams | undefined {
  const editor = window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const { selection, document } = editor;
  let text = document.getText(selection);
  if (text.trim().length === 0) return undefined;
  if (text.length > MAX_SELECTION_CHARS) text = text.slice(0, MAX_SELECTION_CHARS);
  // A selection that ends at column 0 of a line does not really include that line.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return { path: toWorkspaceRelativePath(document.uri), text, startLine: selection.start.line + 1, endLine };
}
