import { ProgressLocation, commands, window, type Disposable, type LogOutputChannel } from "vscode";
import { IndexNowRequest } from "../../../shared/protocol/indexing";
import { formatCount, formatDuration } from "../format";
import { describeError } from "../log";
import { ServerUnavailableError, isConnectionLost, type ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder, showServerDownMessage } from "../serverGate";

export const REINDEX_COMMAND = "vibeCoder.reindex";
export const REBUILDING_TITLE = "Vibe Coder: rebuilding the index…";

export function registerReindex(server: ServerClient, log: LogOutputChannel): Disposable {
  return commands.registerCommand(REINDEX_COMMAND, () => rebuildIndex(server, log));
}

/** Drops the index and builds it again, with progress, and says how it went. */
export async function rebuildIndex(server: ServerClient, log: LogOutputChannel): Promise<void> {
  if (!requireWorkspaceFolder()) return;
  if (!(await requireServer(server))) return;
  await window.withProgress({ location: ProgressLocation.Notification, title: REBUILDING_TITLE }, async (progress) => {
    const subscription = server.onDidChangeIndexStatus((status) => {
      if (status.phase === "indexing" && status.filesTotal > 0) {
        progress.report({ message: `${formatCount(status.filesDone)}/${formatCount(status.filesTotal)} files` });
      } else if (status.phase === "scanning") {
        progress.report({ message: "scanning files" });
      }
    });
    try {
      const summary = await server.sendRequest(IndexNowRequest.type, { full: true });
      // The client answers null when the connection dropped while the request was pending.
      if (!summary) throw new Error("the server stopped before the rebuild finished");
      const skipped = Object.values(summary.skipped).reduce((sum, n) => sum + (n ?? 0), 0);
      void window.showInformationMessage(
        `Vibe Coder rebuilt the index: ${formatCount(summary.filesIndexed)} files, ${formatCount(summary.chunksWritten)} chunks, ` +
          `${formatCount(skipped)} skipped, in ${formatDuration(summary.durationMs / 1000)}.`,
      );
    } catch (error) {
      log.error(`Rebuilding the index failed: ${describeError(error)}`);
      if (error instanceof ServerUnavailableError) showServerDownMessage(server);
      else if (isConnectionLost(error)) void window.showErrorMessage("The Vibe Coder server stopped while rebuilding the index. See the log for why.", "Show Log").then((choice) => {
        if (choice) void commands.executeCommand("vibeCoder.showLog");
      });
      else void window.showErrorMessage(`Vibe Coder could not rebuild the index: ${describeError(error)}`);
    } finally {
      subscription.dispose();
    }
  });
}
