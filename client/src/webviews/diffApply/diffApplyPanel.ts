import { Uri, ViewColumn, window, workspace, type Disposable, type LogOutputChannel } from "vscode";
import type { ProposedFileEdit } from "../../../../shared/protocol/actions";
import { DIFF_APPLY_VIEW, isDiffApplyViewMessage, type DiffApplyFile, type DiffApplyHostMessage, type DiffApplyState, type DiffApplyViewMessage, type HunkChoice } from "../../../../shared/webview/diffApply";
import { WebviewPanelHost } from "../webviewPanelHost";
import { applyAcceptedFiles, workspaceUri } from "./applyFiles";
import { viewOfEdit } from "./composeProposal";

/** How long typing in a proposal's file may go on before the panel's diff catches up (one refresh per pause). */
const REFRESH_AFTER_TYPING_MS = 300;

/** The file as it is in VS Code now (an open buffer's unsaved text included), or undefined when it does not exist. */
async function currentTextOf(path: string): Promise<string | undefined> {
  const uri = workspaceUri(path);
  if (!uri) return undefined;
  const open = workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    await workspace.fs.stat(uri);
    return (await workspace.openTextDocument(uri)).getText();
  } catch {
    return undefined;
  }
}

/**
 * The diff-apply panel for proposals that touch several files or create new ones: a webview lists the files, shows
 * the selected one in Monaco's diff editor (the file as it is now against the proposal) with accept/reject per hunk
 * and per file, and Apply writes only the accepted hunks. The host owns the decisions; the view only asks.
 */
export class DiffApplyPanels implements Disposable {
  private readonly open_ = new Set<WebviewPanelHost<DiffApplyHostMessage, DiffApplyViewMessage>>();

  constructor(
    private readonly extensionUri: Uri,
    private readonly log: LogOutputChannel,
  ) {}

  /** Opens a panel for one proposal; `onApplied` gets the workspace-relative paths that were written. */
  open(title: string, edits: readonly ProposedFileEdit[], onApplied: (paths: string[]) => void): void {
    const choices = new Map<string, HunkChoice>();
    for (const edit of edits) for (const hunk of edit.hunks) choices.set(hunk.id, "pending");
    const state: DiffApplyState = { title: `Vibe Coder ${title}: proposed changes`, files: [], done: false };
    const outcomes = new Map<string, DiffApplyFile["outcome"]>();
    let latest = 0;

    // An applied file keeps the view it was applied from: re-reading it would compare the proposal with its own
    // result and mark it "changed since the proposal".
    const files = async (): Promise<DiffApplyFile[]> =>
      Promise.all(
        edits.map(async (edit) => {
          const outcome = outcomes.get(edit.path);
          const shown = state.files.find((file) => file.path === edit.path);
          if (outcome?.applied && shown) return { ...shown, outcome };
          return { ...viewOfEdit(edit, await currentTextOf(edit.path), choices), outcome };
        }),
      );
    /** Re-reads the files and shows the result; a slower earlier refresh never overwrites a later one. */
    const refresh = async (): Promise<void> => {
      const sequence = ++latest;
      const next = await files();
      if (sequence !== latest || host.isDisposed) return;
      state.files = next;
      host.post({ type: "show", state: { ...state } });
    };

    const host: WebviewPanelHost<DiffApplyHostMessage, DiffApplyViewMessage> = WebviewPanelHost.open<DiffApplyHostMessage, DiffApplyViewMessage>(
      {
        viewType: `vibeCoder.${DIFF_APPLY_VIEW}`,
        title: `Vibe Coder: ${title}`,
        bundle: DIFF_APPLY_VIEW,
        hasStylesheet: true,
        runsMonaco: true,
        extensionUri: this.extensionUri,
        log: this.log,
        isViewMessage: isDiffApplyViewMessage,
        onMessage: async (message) => {
          switch (message.type) {
            case "choose":
              if (state.done) return;
              for (const id of message.hunkIds) if (choices.has(id)) choices.set(id, message.choice);
              await refresh();
              return;
            case "discard":
              host.dispose();
              return;
            case "apply":
              if (!state.done) await apply();
              return;
          }
        },
      },
      ViewColumn.Beside,
    );

    const apply = async (): Promise<void> => {
      const accepted = new Set([...choices].filter(([, c]) => c === "accepted").map(([id]) => id));
      if (accepted.size === 0) {
        host.post({ type: "error", message: "Accept at least one change first." });
        return;
      }
      const unparsable = edits.filter((e) => !e.parseCheck.ok && e.hunks.some((h) => accepted.has(h.id)));
      if (unparsable.length > 0) {
        const choice = await window.showWarningMessage(
          `The proposed code in ${unparsable.map((e) => e.path).join(", ")} does not parse. Apply it anyway?`,
          { modal: true },
          "Apply Anyway",
        );
        if (choice !== "Apply Anyway") return;
      }
      const results = await applyAcceptedFiles(edits, accepted);
      for (const result of results) outcomes.set(result.path, { applied: result.applied, message: result.message });
      const applied = results.filter((o) => o.applied).map((o) => o.path);
      state.done = applied.length > 0;
      await refresh();
      if (applied.length === 0) {
        void window.showWarningMessage("Vibe Coder: nothing was applied; see the panel for why.");
        return;
      }
      const firstNew = edits.find((e) => e.isNew && applied.includes(e.path));
      const folder = workspace.workspaceFolders?.[0]?.uri;
      if (firstNew && folder) await window.showTextDocument(Uri.joinPath(folder, firstNew.path), { preview: false, viewColumn: ViewColumn.One });
      onApplied(applied);
    };

    // The diff's original side is the file as it is now: typing in one of the proposal's files refreshes it.
    const paths = new Set(edits.map((e) => workspaceUri(e.path)?.toString()));
    let timer: NodeJS.Timeout | undefined;
    const typing = workspace.onDidChangeTextDocument((event) => {
      if (state.done || !paths.has(event.document.uri.toString())) return;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), REFRESH_AFTER_TYPING_MS);
    });
    this.open_.add(host);
    host.onDidDispose(() => {
      clearTimeout(timer);
      typing.dispose();
      this.open_.delete(host);
    });
    void refresh();
  }

  dispose(): void {
    for (const host of this.open_) host.dispose();
    this.open_.clear();
  }
}
