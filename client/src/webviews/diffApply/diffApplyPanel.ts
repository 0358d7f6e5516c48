import { Uri, ViewColumn, commands, window, workspace, type Disposable, type LogOutputChannel } from "vscode";
import type { ProposedFileEdit } from "../../../../shared/protocol/actions";
import { DIFF_APPLY_VIEW, isDiffApplyViewMessage, type DiffApplyHostMessage, type DiffApplyState, type DiffApplyViewMessage, type HunkChoice } from "../../../../shared/webview/diffApply";
import { locateTarget, splitLines } from "../../inlineDiff/hunkLayout";
import type { ReadOnlyDocuments } from "../../llm/readOnlyDocuments";
import { WebviewPanelHost } from "../webviewPanelHost";
import { applyAcceptedFiles } from "./applyFiles";
import { composeAccepted, hunkHeader } from "./composeProposal";

/**
 * The diff-apply panel for proposals that touch several files or create new ones: a webview lists the files and
 * hunks with accept/reject per hunk and per file, and VS Code's own diff editor shows each file's original next to
 * the proposal (a read-only virtual document), which keeps the webview light (no bundled Monaco).
 */
export class DiffApplyPanels implements Disposable {
  private readonly open_ = new Set<WebviewPanelHost<DiffApplyHostMessage, DiffApplyViewMessage>>();

  constructor(
    private readonly extensionUri: Uri,
    private readonly log: LogOutputChannel,
    private readonly documents: ReadOnlyDocuments,
  ) {}

  /** Opens a panel for one proposal; `onApplied` gets the workspace-relative paths that were written. */
  open(title: string, edits: readonly ProposedFileEdit[], onApplied: (paths: string[]) => void): void {
    const choices = new Map<string, HunkChoice>();
    for (const edit of edits) for (const hunk of edit.hunks) choices.set(hunk.id, "pending");
    const state: DiffApplyState = { title: `Vibe Coder ${title}: proposed changes`, files: [], done: false };
    const snapshot = (): DiffApplyState => ({
      ...state,
      files: edits.map((edit) => ({
        path: edit.path,
        isNew: edit.isNew,
        parseOk: edit.parseCheck.ok,
        parseMessage: edit.parseCheck.message,
        hunks: edit.hunks.map((h) => ({ id: h.id, header: hunkHeader(h), removed: h.removed, added: h.added, choice: choices.get(h.id) ?? "pending" })),
        outcome: state.files.find((f) => f.path === edit.path)?.outcome,
      })),
    });

    const host: WebviewPanelHost<DiffApplyHostMessage, DiffApplyViewMessage> = WebviewPanelHost.open<DiffApplyHostMessage, DiffApplyViewMessage>(
      {
        viewType: `vibeCoder.${DIFF_APPLY_VIEW}`,
        title: `Vibe Coder: ${title}`,
        bundle: DIFF_APPLY_VIEW,
        hasStylesheet: true,
        extensionUri: this.extensionUri,
        log: this.log,
        isViewMessage: isDiffApplyViewMessage,
        onMessage: async (message) => {
          switch (message.type) {
            case "choose":
              if (state.done) return;
              for (const id of message.hunkIds) if (choices.has(id)) choices.set(id, message.choice);
              host.post({ type: "show", state: snapshot() });
              return;
            case "openDiff": {
              const edit = edits.find((e) => e.path === message.path);
              if (edit) await this.showDiff(edit, title);
              return;
            }
            case "discard":
              host.dispose();
              return;
            case "apply": {
              if (state.done) return;
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
              const outcomes = await applyAcceptedFiles(edits, accepted);
              const applied = outcomes.filter((o) => o.applied).map((o) => o.path);
              state.done = applied.length > 0;
              state.files = snapshot().files.map((f) => {
                const outcome = outcomes.find((o) => o.path === f.path);
                return outcome ? { ...f, outcome: { applied: outcome.applied, message: outcome.message } } : f;
              });
              host.post({ type: "show", state: { ...snapshot(), files: state.files } });
              if (applied.length === 0) {
                void window.showWarningMessage("Vibe Coder: nothing was applied; see the panel for why.");
                return;
              }
              const firstNew = edits.find((e) => e.isNew && applied.includes(e.path));
              const folder = workspace.workspaceFolders?.[0]?.uri;
              if (firstNew && folder) await window.showTextDocument(Uri.joinPath(folder, firstNew.path), { preview: false, viewColumn: ViewColumn.One });
              onApplied(applied);
              return;
            }
          }
        },
      },
      ViewColumn.Beside,
    );
    this.open_.add(host);
    host.onDidDispose(() => this.open_.delete(host));
    host.post({ type: "show", state: snapshot() });
  }

  /** Original (the file as it is now, or empty for a new file) next to the full proposal, in VS Code's diff editor. */
  private async showDiff(edit: ProposedFileEdit, title: string): Promise<void> {
    const folder = workspace.workspaceFolders?.[0]?.uri;
    if (!folder) return;
    const fileUri = Uri.joinPath(folder, edit.path);
    const all = new Set(edit.hunks.map((h) => h.id));
    const proposed = composeAccepted(edit, all);
    const right = this.documents.uri(`/proposal/${edit.path}`);
    let left: Uri;
    if (edit.isNew) {
      left = this.documents.uri(`/empty/${edit.path}`);
      this.documents.set(left, "");
      this.documents.set(right, proposed.join("\n") + "\n");
    } else {
      const current = splitLines((await workspace.openTextDocument(fileUri)).getText());
      const located = locateTarget(current, edit);
      if (!located.ok) {
        void window.showWarningMessage(`Vibe Coder: ${located.reason}`);
        return;
      }
      const start = edit.range.startLine - 1 + located.shift;
      const end = edit.range.endLine + located.shift;
      left = fileUri;
      this.documents.set(right, [...current.slice(0, start), ...proposed, ...current.slice(end)].join("\n"));
    }
    await commands.executeCommand("vscode.diff", left, right, `${edit.path} (Vibe Coder ${title} proposal)`, { preview: true, viewColumn: ViewColumn.One });
  }

  dispose(): void {
    for (const host of this.open_) host.dispose();
    this.open_.clear();
  }
}
