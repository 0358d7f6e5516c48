import {
  CodeLens,
  EventEmitter,
  Range,
  TextEdit,
  TextEditorRevealType,
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
import type { LineRange, ProposedFileEdit } from "../../../shared/protocol/actions";
import { InlineDiffDecorations } from "./decorations";
import { streamWatchLine, shouldFollowStream } from "./followStream";
import { GhostDecorations, type GhostPaint } from "./ghostDecorations";
import { GhostSession } from "./ghostSession";
import type { HunkDecision } from "./hunkLayout";
import { InlineDiffSession, type ProposalLabel } from "./inlineDiffSession";
import { StreamingPreview, type StreamingStatus } from "./streamingPreview";

export const INLINE_DIFF_COMMANDS = {
  acceptHunk: "vibeCoder.inlineDiff.acceptHunk",
  rejectHunk: "vibeCoder.inlineDiff.rejectHunk",
  acceptAll: "vibeCoder.inlineDiff.acceptAll",
  rejectAll: "vibeCoder.inlineDiff.rejectAll",
  /** Only offered as the CodeLens of a streaming preview (it needs the document's URI), so not in the palette. */
  cancelStreaming: "vibeCoder.inlineDiff.cancelStreaming",
} as const;

/** Set while the active editor shows a pending proposal; the accept/reject keybindings are enabled by it. */
export const PENDING_CONTEXT_KEY = "vibeCoder.inlineDiffPending";

const ACCEPT_ANYWAY = "Accept Anyway";

/** A proposal on screen: its lines in the buffer (the default), or beside the code (auto-save on, or after a save). */
type ProposalSession = InlineDiffSession | GhostSession;

const STREAMING_LENS: Record<StreamingStatus, string> = {
  waiting: "$(loading~spin) waiting for the model…",
  writing: "$(loading~spin) streaming the proposal…",
  checking: "$(loading~spin) checking the proposal…",
  hidden: "$(loading~spin) streaming (preview hidden: you edited this code)…",
};

/** Told once per window, not at every auto-save. */
const GHOST_MODE_NOTE =
  "Vibe Coder: the pending change is shown beside your code and enters the file only when you accept it, so a save (auto-save included) never writes it half-decided.";

/**
 * Owns every inline proposal: starts them, paints them, offers CodeLens and commands for the decisions, follows the
 * user's edits, and keeps a save from writing a half-decided file.
 */
export class InlineDiffController implements Disposable, CodeLensProvider {
  private readonly sessions = new Map<string, ProposalSession>();
  private readonly previews = new Map<string, StreamingPreview>();
  /** Per editor, the newest line the streaming preview painted there last time (to follow it down the view). */
  private readonly streamWatch = new WeakMap<TextEditor, { preview: StreamingPreview; line: number }>();
  private readonly decorations = new InlineDiffDecorations();
  private readonly ghostDecorations = new GhostDecorations();
  private toldAboutGhostMode = false;
  private readonly lensEmitter = new EventEmitter<void>();
  private readonly subscriptions: Disposable[] = [];
  readonly onDidChangeCodeLenses: Event<void> = this.lensEmitter.event;

  constructor() {
    this.subscriptions.push(
      this.decorations,
      this.ghostDecorations,
      this.lensEmitter,
      languages.registerCodeLensProvider({ scheme: "file" }, this),
      languages.registerCodeLensProvider({ scheme: "untitled" }, this),
      commands.registerCommand(INLINE_DIFF_COMMANDS.acceptHunk, (uri?: Uri, hunkId?: string) => this.decideOne("accepted", uri, hunkId)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.rejectHunk, (uri?: Uri, hunkId?: string) => this.decideOne("rejected", uri, hunkId)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.acceptAll, (uri?: Uri) => this.decideAll("accepted", uri)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.rejectAll, (uri?: Uri) => this.decideAll("rejected", uri)),
      commands.registerCommand(INLINE_DIFF_COMMANDS.cancelStreaming, (uri?: Uri) => {
        const key = (uri ?? window.activeTextEditor?.document.uri)?.toString();
        if (key) this.previews.get(key)?.cancel();
      }),
      workspace.onDidChangeTextDocument((event) => {
        const key = event.document.uri.toString();
        this.previews.get(key)?.schedule();
        const session = this.sessions.get(key);
        if (!session) return;
        if (session instanceof GhostSession) session.onDocumentChanged(event);
        else if (session.onDocumentChanged(event)) {
          this.finish(session);
          return;
        }
        this.refresh(session.document);
      }),
      workspace.onDidCloseTextDocument((document) => {
        const session = this.sessions.get(document.uri.toString());
        if (session) this.finish(session);
        // The run goes on (its result opens the file again); only its preview goes.
        this.previews.get(document.uri.toString())?.dispose();
      }),
      workspace.onWillSaveTextDocument((event) => {
        const session = this.sessions.get(event.document.uri.toString());
        if (!(session instanceof InlineDiffSession) || session.isEnded) return;
        // A file on disk must never hold both versions, whatever the save's reason (manual, auto-save after a
        // delay or on focus change): the pending new lines are taken out for the save and the proposal lives on
        // beside the code, where later saves cannot reach it. Putting the lines back into the buffer after the
        // save would dirty it again, and with auto-save that is a save every second, each one adding undo steps.
        const moved = session.moveOutOfBuffer();
        event.waitUntil(Promise.resolve(moved.edits.map((e) => TextEdit.delete(e.range))));
        this.finish(session);
        if (moved.ghosts.length === 0) return;
        const ghost = new GhostSession(session.document, session.label, moved.ghosts, moved.textAfter);
        this.sessions.set(event.document.uri.toString(), ghost);
        this.refresh(ghost.document);
        this.noteGhostMode();
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

  /** True while a proposal is pending or still streaming in `document`. */
  isBusy(document: TextDocument): boolean {
    return this.hasPending(document) || this.previews.has(document.uri.toString());
  }

  /**
   * Starts the progressive preview of an edit that is about to stream into `document` (see streamingPreview.ts).
   * The caller feeds it progress, links its token to the request, and disposes of it when the run ends; `show`
   * replaces it with the final proposal.
   */
  startStreaming(document: TextDocument, action: string, selection: LineRange | undefined): StreamingPreview {
    this.previews.get(document.uri.toString())?.dispose();
    const preview = new StreamingPreview(document, action, selection, {
      repaint: (p, statusChanged) => this.paintPreview(p, statusChanged),
      ended: (p) => this.endPreview(p),
    });
    this.previews.set(document.uri.toString(), preview);
    this.lensEmitter.fire();
    return preview;
  }

  /**
   * Shows a single-file proposal inline. Returns undefined when it is on screen, else the user-facing reason it was
   * refused (the document is then untouched).
   */
  async show(document: TextDocument, edit: ProposedFileEdit, label: ProposalLabel): Promise<string | undefined> {
    this.previews.get(document.uri.toString())?.dispose();
    if (this.hasPending(document)) return "A Vibe Coder change is already pending in this file. Accept or reject it first.";
    const ghostMode = autoSaves(document);
    const result = ghostMode ? GhostSession.start(document, edit, label) : await InlineDiffSession.start(document, edit, label);
    if (typeof result === "string") return result;
    this.sessions.set(document.uri.toString(), result);
    this.refresh(document);
    if (ghostMode) this.noteGhostMode();
    return undefined;
  }

  provideCodeLenses(document: TextDocument): CodeLens[] {
    const uri = document.uri;
    const preview = this.previews.get(uri.toString());
    if (preview) {
      const at = new Range(preview.lensLine, 0, preview.lensLine, 0);
      return [
        new CodeLens(at, { title: `Vibe Coder ${preview.action}: ${STREAMING_LENS[preview.status]}`, command: "" }),
        new CodeLens(at, { title: "Cancel", command: INLINE_DIFF_COMMANDS.cancelStreaming, arguments: [uri] }),
      ];
    }
    const session = this.sessions.get(uri.toString());
    if (!session || session.isEnded) return [];
    const anchors = session.anchors();
    const lenses: CodeLens[] = [];
    const top = new Range(anchors[0].line, 0, anchors[0].line, 0);
    const count = anchors.length === 1 ? "1 change" : `${anchors.length} changes`;
    const where = session instanceof GhostSession ? " (shown beside the code)" : "";
    lenses.push(
      new CodeLens(top, { title: `Vibe Coder ${session.label.action}: ${count}${where}`, command: "" }),
      new CodeLens(top, { title: "Accept All", command: INLINE_DIFF_COMMANDS.acceptAll, arguments: [uri] }),
      new CodeLens(top, { title: "Reject All", command: INLINE_DIFF_COMMANDS.rejectAll, arguments: [uri] }),
    );
    for (const anchor of anchors) {
      const line = new Range(anchor.line, 0, anchor.line, 0);
      const accept = session.label.parseOk ? "Accept (Ctrl+Alt+Y)" : "⚠ Does not parse: Accept anyway? (Ctrl+Alt+Y)";
      lenses.push(
        new CodeLens(line, { title: accept, command: INLINE_DIFF_COMMANDS.acceptHunk, arguments: [uri, anchor.id], tooltip: session.label.parseMessage }),
        new CodeLens(line, { title: "Reject (Ctrl+Alt+N)", command: INLINE_DIFF_COMMANDS.rejectHunk, arguments: [uri, anchor.id] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const preview of [...this.previews.values()]) preview.dispose();
    for (const disposable of this.subscriptions.splice(0)) disposable.dispose();
    this.sessions.clear();
  }

  private endPreview(preview: StreamingPreview | undefined): void {
    if (!preview) return;
    const key = preview.document.uri.toString();
    if (this.previews.get(key) !== preview) return;
    this.previews.delete(key);
    for (const editor of window.visibleTextEditors) if (editor.document === preview.document) this.paint(editor);
    this.lensEmitter.fire();
  }

  private paintPreview(preview: StreamingPreview, statusChanged: boolean): void {
    if (this.previews.get(preview.document.uri.toString()) !== preview) return;
    for (const editor of window.visibleTextEditors) {
      if (editor.document !== preview.document) continue;
      const painted = this.paint(editor);
      if (painted) this.followStream(editor, preview, painted);
    }
    if (statusChanged) this.lensEmitter.fire();
  }

  /** Scrolls a long streaming preview into view while the user watches it (see followStream.ts). */
  private followStream(editor: TextEditor, preview: StreamingPreview, painted: GhostPaint): void {
    const line = streamWatchLine(painted.frontierLine, painted.rows.map((row) => row.line));
    if (line === undefined) return;
    const last = this.streamWatch.get(editor);
    const previous = last?.preview === preview ? last.line : preview.lensLine;
    this.streamWatch.set(editor, { preview, line });
    const visible = editor.visibleRanges.map((range) => ({ start: range.start.line, end: range.end.line }));
    if (shouldFollowStream(previous, line, visible)) editor.revealRange(new Range(line, 0, line, 0), TextEditorRevealType.Default);
  }

  private noteGhostMode(): void {
    if (this.toldAboutGhostMode) return;
    this.toldAboutGhostMode = true;
    void window.showInformationMessage(GHOST_MODE_NOTE);
  }

  private sessionFor(uri: Uri | undefined): ProposalSession | undefined {
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
    let id: string | undefined;
    if (hunkId) id = session.anchors().find((a) => a.id === hunkId)?.id;
    else {
      const editor = window.activeTextEditor;
      id = editor?.document === session.document ? session.hunkIdAt(editor.selection.active.line) : undefined;
    }
    if (!id) {
      void window.showInformationMessage("Vibe Coder: put the cursor on a pending change (its green or red lines) to accept or reject it.");
      return;
    }
    await this.decide(session, [id], decision);
  }

  private async decideAll(decision: HunkDecision, uri: Uri | undefined): Promise<void> {
    const session = this.sessionFor(uri);
    if (!session) {
      void window.showInformationMessage("Vibe Coder: there is no pending change in this editor.");
      return;
    }
    await this.decide(session, session.anchors().map((a) => a.id), decision);
  }

  private async decide(session: ProposalSession, ids: string[], decision: HunkDecision): Promise<void> {
    if (decision === "accepted" && !session.label.parseOk) {
      const why = session.label.parseMessage ? ` (${session.label.parseMessage})` : "";
      const choice = await window.showWarningMessage(
        `The proposed code does not parse${why}. Accept it anyway?`,
        { modal: true },
        ACCEPT_ANYWAY,
      );
      if (choice !== ACCEPT_ANYWAY) return;
    }
    const refusal = await session.resolve(ids, decision);
    if (refusal) void window.showWarningMessage(`Vibe Coder: ${refusal}`);
    if (session.isEnded) this.finish(session);
    else this.refresh(session.document);
  }

  private finish(session: ProposalSession): void {
    session.end();
    const key = session.document.uri.toString();
    if (this.sessions.get(key) === session) this.sessions.delete(key);
    for (const editor of window.visibleTextEditors) if (editor.document === session.document) this.paint(editor);
    this.lensEmitter.fire();
    this.updateContextKey();
  }

  private refresh(document: TextDocument): void {
    for (const editor of window.visibleTextEditors) if (editor.document === document) this.paint(editor);
    this.lensEmitter.fire();
    this.updateContextKey();
  }

  /** Paints what `editor`'s document has pending or streaming; returns the ghost lines painted, if any. */
  private paint(editor: TextEditor): GhostPaint | undefined {
    const key = editor.document.uri.toString();
    const session = this.sessions.get(key);
    const live = session && !session.isEnded ? session : undefined;
    if (live instanceof InlineDiffSession) this.decorations.render(editor, live.hunks);
    else this.decorations.clear(editor);
    const ghost = live instanceof GhostSession ? live.paint(editor.document.lineCount) : this.previews.get(key)?.picture();
    if (ghost) this.ghostDecorations.render(editor, ghost);
    else this.ghostDecorations.clear(editor);
    return ghost;
  }

  private updateContextKey(): void {
    const document = window.activeTextEditor?.document;
    void commands.executeCommand("setContext", PENDING_CONTEXT_KEY, document !== undefined && this.hasPending(document));
  }
}

/** Whether VS Code saves `document` on its own (after a delay, on focus or window change). */
function autoSaves(document: TextDocument): boolean {
  return workspace.getConfiguration("files", document).get<string>("autoSave", "off") !== "off";
}
