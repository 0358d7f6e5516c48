import { QuickPickItemKind, commands, env, window, type Disposable, type LogOutputChannel, type QuickPickItem } from "vscode";
import { GetIndexStatusRequest, SKIP_REASONS, type IndexStatus } from "../../../shared/protocol/indexing";
import type { EmbeddingConsent } from "../embeddingConsent";
import { describeEmbedder, describeEmbedderState, describeSkipReason, formatBytes, formatCount } from "../format";
import { describeError } from "../log";
import type { ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder } from "../serverGate";
import { describePhase } from "../statusText";
import { showSkippedFiles } from "./skippedFiles";

export const SHOW_INDEX_STATUS_COMMAND = "vibeCoder.showIndexStatus";
export const INDEX_STATUS_TITLE = "Vibe Coder Index";

interface StatusItem extends QuickPickItem {
  /** Stable identity across refreshes, so the highlighted row stays put while the status updates. */
  key?: string;
  run?: () => unknown;
}

export function registerShowIndexStatus(server: ServerClient, log: LogOutputChannel, consent: EmbeddingConsent): Disposable {
  return commands.registerCommand(SHOW_INDEX_STATUS_COMMAND, () => showIndexStatus(server, log, consent));
}

/** A QuickPick with the whole index status; it refreshes while open and its rows lead to details and actions. */
export async function showIndexStatus(server: ServerClient, log: LogOutputChannel, consent: EmbeddingConsent): Promise<void> {
  if (!requireWorkspaceFolder()) return;
  if (!(await requireServer(server))) return;
  let status = server.indexStatus;
  try {
    status = (await server.sendRequest0(GetIndexStatusRequest.type)) ?? status;
  } catch (error) {
    log.warn(`Could not fetch the index status: ${describeError(error)}`);
  }
  if (!status) {
    void window.showWarningMessage("Vibe Coder has no index status yet. Try again in a moment, or see the log.");
    return;
  }

  const picker = window.createQuickPick<StatusItem>();
  picker.title = INDEX_STATUS_TITLE;
  picker.placeholder = "Select a row for details or an action";
  picker.matchOnDescription = true;
  const render = (next: IndexStatus): void => {
    const activeKey = picker.activeItems[0]?.key;
    picker.items = statusItems(next, server, log, consent);
    const active = picker.items.find((item) => item.key !== undefined && item.key === activeKey);
    if (active) picker.activeItems = [active];
  };
  render(status);
  const subscriptions: Disposable[] = [
    picker,
    server.onDidChangeIndexStatus(render),
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0] ?? picker.activeItems[0];
      if (!item?.run) return;
      picker.hide();
      void Promise.resolve(item.run()).catch((error: unknown) => {
        void window.showErrorMessage(`Vibe Coder: ${describeError(error)}`);
      });
    }),
    picker.onDidHide(() => subscriptions.forEach((d) => d.dispose())),
  ];
  picker.show();
}

function statusItems(status: IndexStatus, server: ServerClient, log: LogOutputChannel, consent: EmbeddingConsent): StatusItem[] {
  const items: StatusItem[] = [];
  const separator = (label: string): void => void items.push({ label, kind: QuickPickItemKind.Separator });

  separator("Index");
  items.push({
    key: "phase",
    label: `$(pulse) Phase: ${describePhase(status)}`,
    detail: status.message,
  });
  items.push({ key: "files", label: `$(files) Files indexed: ${formatCount(status.indexedFiles)}` });
  items.push({ key: "chunks", label: `$(symbol-snippet) Chunks: ${formatCount(status.chunks)}` });

  const skippedTotal = SKIP_REASONS.reduce((sum, reason) => sum + (status.skipped[reason] ?? 0), 0);
  separator(`Skipped files: ${formatCount(skippedTotal)}`);
  if (skippedTotal === 0) items.push({ key: "skipped-none", label: "$(check) No files skipped" });
  for (const reason of SKIP_REASONS) {
    const count = status.skipped[reason] ?? 0;
    if (count === 0) continue;
    items.push({
      key: `skipped-${reason}`,
      label: `$(circle-slash) ${describeSkipReason(reason)}: ${formatCount(count)}`,
      description: "list them",
      run: () => showSkippedFiles(server, log, reason, count),
    });
  }

  separator("Embeddings");
  const embedder = status.embedder;
  items.push({
    key: "embedder",
    label: `$(sparkle) Embedder: ${describeEmbedder(embedder)}`,
    description: describeEmbedderState(embedder),
    detail: embedder.message,
    run: () =>
      embedder.state === "needs-consent"
        ? consent.ask(embedder)
        : commands.executeCommand("workbench.action.openSettings", "vibeCoder.embeddings"),
  });

  separator("Storage");
  items.push({
    key: "size",
    label: `$(database) Index size: ${formatBytes(status.indexBytes)}`,
    description: status.readOnly ? "read-only: another window owns this index" : undefined,
    detail: status.indexPath,
    run: async () => {
      await env.clipboard.writeText(status.indexPath);
      void window.showInformationMessage("Vibe Coder: index path copied to the clipboard.");
    },
  });

  separator("Actions");
  items.push({ key: "rebuild", label: "$(refresh) Rebuild Index", run: () => commands.executeCommand("vibeCoder.reindex") });
  items.push({ key: "log", label: "$(output) Show Log", run: () => commands.executeCommand("vibeCoder.showLog") });
  return items;
}
