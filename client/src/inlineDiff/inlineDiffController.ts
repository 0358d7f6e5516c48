import {
  CodeLens,
  EventEmitter,
  Range,
  TextEdit,
  commands,
  languages,
  window,
  workspace,
  type CodeLensProvider,
  type Disposable,
  type Event,
  type TextDocument,
  type TextEditor,
  type Uri,
} from "vscode";
import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import { InlineDiffDecorations } from "./decorations";
import { hunkAtLine, type HunkDecision, type PendingHunk } from "./hunkLayout";
import { InlineDiffSession, type ProposalLabel } from "./inlineDiffSession";

export const INLINE_DIFF_COMMANDS = {
  acceptHunk: "vibeCoder.inlineDiff.acceptHunk",
  rejectHunk: "vibeCoder.inlineDiff.rejectHunk",
  acceptAll: "vibeCoder.inlineDiff.acceptAll",
  rejectAll: "vibeCoder.inlineDiff.rejectAll",
} as const;

/** Set while the active editor shows a pending proposal; the accept/reject keybindings are enabled by it. */
export const PENDING_CONTEXT_KEY = "vibeCoder.inlineDiffPending";

const ACCEPT_ANYWAY = "Accept Anyway";

/**
 * Owns every inline proposal: starts them, paints them, offers CodeLens and commands for the decisions, follows the
 * user's edits, and keeps a save from writing a half-decided file.
 */
export class InlineDiffController implements Disposable, CodeLensProvider {
  private readonly sessions = new Map<string, InlineDiffSession>();
  private readonly decorations = new InlineDiffDecorations();
  private readonly lensEmitter = new EventEmitter<void>();
  private readonly subscriptions: Disposable[] = [];
  readonly onDidChangeCodeLenses: Event<void> = this.lensEmitter.event;

  constructor() {
    this.subscriptions.push(
      this.decorations,
      this.lensEmitter,
      languages.registerCodeLensProvider({ scheme: "file" }, this),
      languages.registerCodeLensProvider({ scheme: "untitled" }, this),
      commands.registerCommand(INLINE_DIFF_COMMANDS.acceptHunk, (uri?: Uri, hunkId?: string) => this.decideOne("accepted", uri, hunkId)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.rejectHunk, (uri?: Uri, hunkId?: string) => this.decideOne("rejected", uri, hunkId)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.acceptAll, (uri?: Uri) => this.decideAll("accepted", uri)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.rejectAll, (uri?: Uri) => this.decideAll("rejected", uri)),
      workspace.onDidChangeTextDocument((event) => {
        const session = this.sessions.get(event.document.uri.toString());
        if (!session) return;
        if (session.onDocumentChanged(event)) this.finish(session);
        else this.refresh(session.document);
      }),
      workspace.onDidCloseTextDocument((document) => {
        const session = this.sessions.get(document.uri.toString());
        if (session) this.finish(session);
      }),
      workspace.onWillSaveTextDocument((event) => {
        const session = this.sessions.get(event.document.uri.toString());
        if (!session || session.isEnded) return;
        // A file on disk must never hold both versions: pending new lines are taken out before the save.
        const edits = session.revertPendingEdits().map((e) => TextEdit.delete(e.range));
        event.waitUntil(Promise.resolve(edits));
        void window.showWarningMessage("Vibe Coder: the file was saved without the changes you had not accepted yet (they were rejected).");
        this.finish(session);
      }),
      window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.paint(editor))),
      window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
    );
  }

  /** True while `document` shows a pending proposal (a second one is refused until it is decided). */
  hasPending(document: TextDocument): boolean {
    const session = this.sessions.get(document.uri.toString());
    return session !== undefined && !session.isEnded;
  }

  /**
   * Shows a single-file proposal inline. Returns undefined when it is on screen, else the user-facing reason it was
   * refused (the document is then untouched).
   */
  async show(document: TextDocument, edit: ProposedFileEdit, label: ProposalLabel): Promise<string | undefined> {
    if (this.hasPending(document)) return "A Vibe Coder change is already pending in this file. Accept or reject it first.";
    const result = await InlineDiffSession.start(document, edit, label);
    if (typeof result === "string") return result;
    this.sessions.set(document.uri.toString(), result);
    this.refresh(document);
    return undefined;
  }

  provideCodeLenses(document: TextDocument): CodeLens[] {
    const session = this.sessions.get(document.uri.toString());
    if (!session || session.isEnded) return [];
    const pending = [...session.pending].sort((a, b) => a.removedStart - b.removedStart);
    const lenses: CodeLens[] = [];
    const uri = document.uri;
    const top = new Range(pending[0].removedStart, 0, pending[0].removedStart, 0);
    const count = pending.length === 1 ? "1 change" : `${pending.length} changes`;
    lenses.push(
      new CodeLens(top, { title: `Vibe Coder ${session.label.action}: ${count}`, command: "" }),
      new CodeLens(top, { title: "Accept All", command: INLINE_DIFF_COMMANDS.acceptAll, arguments: [uri] }),
      new CodeLens(top, { title: "Reject All", command: INLINE_DIFF_COMMANDS.rejectAll, arguments: [uri] }),
    );
    for (const hunk of pending) {
      const line = new Range(hunk.removedStart, 0, hunk.removedStart, 0);
      const accept = session.label.parseOk ? "Accept (Ctrl+Alt+Y)" : "⚠ Does not parse: Accept anyway? (Ctrl+Alt+Y)";
      lenses.push(
        new CodeLens(line, { title: accept, command: INLINE_DIFF_COMMANDS.acceptHunk, arguments: [uri, hunk.id], tooltip: session.label.parseMessage }),
        new CodeLens(line, { title: "Reject (Ctrl+Alt+N)", command: INLINE_DIFF_COMMANDS.rejectHunk, arguments: [uri, hunk.id] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const disposable of this.subscriptions.splice(0)) disposable.dispose();
    this.sessions.clear();
  }

  private sessionFor(uri: Uri | undefined): InlineDiffSession | undefined {
    const key = (uri ?? window.activeTextEditor?.document.uri)?.toString();
    const session = key ? this.sessions.get(key) : undefined;
    return session && !session.isEnded ? session : undefined;
  }

  private async decideOne(decision: HunkDecision, uri: Uri | undefined, hunkId: string | undefined): Promise<void> {
    const session = this.sessionFor(uri);
    if (!session) {
      void window.showInformationMessage("Vibe Coder: there is no pending change in this editor.");
      return;
    }
    let hunk: PendingHunk | undefined;
    if (hunkId) hunk = session.pending.find((h) => h.id === hunkId);
    else {
      const editor = window.activeTextEditor;
      hunk = editor?.document === session.document ? hunkAtLine(session.pending, editor.selection.active.line) : undefined;
    }
    if (!hunk) {
      void window.showInformationMessage("Vibe Coder: put the cursor on a pending change (its green or red lines) to accept or reject it.");
      return;
    }
    await this.decide(session, [hunk], decision);
  }

  private async decideAll(decision: HunkDecision, uri: Uri | undefined): Promise<void> {
    const session = this.sessionFor(uri);
    if (!session) {
      void window.showInformationMessage("Vibe Coder: there is no pending change in this editor.");
      return;
    }
    await this.decide(session, session.pending, decision);
  }

  private async decide(session: InlineDiffSession, hunks: PendingHunk[], decision: HunkDecision): Promise<void> {
    if (decision === "accepted" && !session.label.parseOk) {
      const why = session.label.parseMessage ? ` (${session.label.parseMessage})` : "";
      const choice = await window.showWarningMessage(
        `The proposed code does not parse${why}. Accept it anyway?`,
        { modal: true },
        ACCEPT_ANYWAY,
      );
      if (choice !== ACCEPT_ANYWAY) return;
    }
    const refusal = await session.resolve(hunks, decision);
    if (refusal) void window.showWarningMessage(`Vibe Coder: ${refusal}`);
    if (session.isEnded) this.finish(session);
    else this.refresh(session.document);
  }

  private finish(session: InlineDiffSession): void {
    session.end();
    const key = session.document.uri.toString();
    if (this.sessions.get(key) === session) this.sessions.delete(key);
    for (const editor of window.visibleTextEditors) if (editor.document === session.document) this.decorations.clear(editor);
    this.lensEmitter.fire();
    this.updateContextKey();
  }

  private refresh(document: TextDocument): void {
    for (const editor of window.visibleTextEditors) if (editor.document === document) this.paint(editor);
    this.lensEmitter.fire();
    this.updateContextKey();
  }

  private paint(editor: TextEditor): void {
    const session = this.sessions.get(editor.document.uri.toString());
    if (session && !session.isEnded) this.decorations.render(editor, session.hunks);
    else this.decorations.clear(editor);
  }

  private updateContextKey(): void {
    const document = window.activeTextEditor?.document;
    void commands.executeCommand("setContext", PENDING_CONTEXT_KEY, document !== undefined && this.hasPending(document));
  }
}
