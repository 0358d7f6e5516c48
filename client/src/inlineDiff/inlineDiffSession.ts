import { Range, type TextDocument, type TextDocumentChangeEvent } from "vscode";
import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import { ghostHunksFromPending, type GhostHunk } from "./ghostHunks";
import {
  applyUserChange,
  hunkAtLine,
  lineChangeOf,
  linesToDelete,
  locateTarget,
  markResolved,
  planPendingInsertion,
  refusalFor,
  splitLines,
  validateProposal,
  type HunkDecision,
  type PendingHunk,
} from "./hunkLayout";
import { applyChanges, deleteLinesChange, insertLinesChanges } from "./lineEdits";

/** What the user sees above the proposal: which action made it, and whether the proposal parses. */
export interface ProposalLabel {
  /** "Improve", "Refactor", "Fix", "Document". */
  action: string;
  parseOk: boolean;
  parseMessage?: string;
}

/**
 * One proposal shown inline in one document. The document holds old and new lines while hunks are pending (see
 * hunkLayout.ts for why); every decision deletes one side of one hunk. Changes the user makes meanwhile are tracked
 * so a decision never deletes what they typed.
 */
export class InlineDiffSession {
  private applying = false;
  private ended = false;

  private constructor(
    readonly document: TextDocument,
    readonly label: ProposalLabel,
    readonly hunks: PendingHunk[],
    /** The whole document text before the proposal was inserted: seeing it again means the user undid the insertion. */
    private readonly textBefore: string,
  ) {}

  /**
   * Checks the proposal against the document as it is now (re-basing when the user typed elsewhere) and inserts it
   * as pending lines. Returns the session, or the user-facing reason it was refused (the document is then untouched).
   */
  static async start(document: TextDocument, edit: ProposedFileEdit, label: ProposalLabel): Promise<InlineDiffSession | string> {
    const invalid = validateProposal(edit);
    if (invalid) return invalid;
    if (edit.hunks.length === 0) return "The model proposed no change to this code.";
    const textBefore = document.getText();
    const located = locateTarget(splitLines(textBefore), edit);
    if (!located.ok) return located.reason;
    const { insertions, pending } = planPendingInsertion(edit.hunks, located.shift);
    const session = new InlineDiffSession(document, label, pending, textBefore);
    session.applying = true;
    try {
      const done = await applyChanges(document, insertLinesChanges(document, insertions), { before: true, after: false });
      if (!done) return "VS Code did not accept the edit (the file may be read-only); nothing was changed.";
    } finally {
      session.applying = false;
    }
    return session;
  }

  get pending(): PendingHunk[] {
    return this.hunks.filter((h) => h.state === "pending");
  }

  get isEnded(): boolean {
    return this.ended || this.pending.length === 0;
  }

  /** Resolves hunks; returns a refusal message for hunks that cannot be resolved safely (others still are). */
  async resolve(ids: readonly string[], decision: HunkDecision): Promise<string | undefined> {
    const targets = this.pending.filter((h) => ids.includes(h.id));
    const refusals: string[] = [];
    const allowed: PendingHunk[] = [];
    for (const hunk of targets) {
      const refusal = refusalFor(hunk, decision);
      if (refusal) refusals.push(refusal);
      else allowed.push(hunk);
    }
    if (allowed.length === 0) return refusals[0];
    // Deletions are computed on the current layout and applied in one edit, bottom-up so earlier ones keep their lines.
    const changes = allowed
      .map((hunk) => linesToDelete(hunk, decision))
      .sort((a, b) => b.start - a.start)
      .map(({ start, count }) => deleteLinesChange(this.document, start, count))
      .filter((c): c is NonNullable<typeof c> => c !== undefined);
    const willEnd = this.pending.length === allowed.length;
    this.applying = true;
    try {
      const done = await applyChanges(this.document, changes, { before: false, after: willEnd });
      if (!done) return "VS Code did not accept the edit; the change is still pending.";
      // Later hunks move up by what was deleted above them; resolving bottom-up keeps each start valid.
      for (const hunk of [...allowed].sort((a, b) => b.removedStart - a.removedStart)) markResolved(this.hunks, hunk, decision);
    } finally {
      this.applying = false;
    }
    return refusals[0];
  }

  /** Pending hunks as id and first document line, top to bottom (for CodeLens). */
  anchors(): Array<{ id: string; line: number }> {
    return this.pending.map((h) => ({ id: h.id, line: h.removedStart })).sort((a, b) => a.line - b.line);
  }

  hunkIdAt(line: number): string | undefined {
    return hunkAtLine(this.hunks, line)?.id;
  }

  /**
   * For a save that must not write a half-decided file: the edits that take the pending new lines out of the
   * buffer, the same proposal as ghost hunks (positions after those edits) so it can live on outside the buffer,
   * and the text the document will have once the edits are applied. This session ends.
   */
  moveOutOfBuffer(): { edits: Array<{ range: Range; newText: string }>; ghosts: GhostHunk[]; textAfter: string } {
    const pending = this.pending;
    const ghosts = ghostHunksFromPending(pending);
    let textAfter = this.document.getText();
    const edits: Array<{ range: Range; newText: string }> = [];
    // Bottom-up, so each deletion's offsets are still valid in the text the ones below it produced.
    for (const hunk of [...pending].sort((a, b) => b.removedStart - a.removedStart)) {
      if (hunk.addedEdited) continue;
      const { start, count } = linesToDelete(hunk, "rejected");
      const change = deleteLinesChange(this.document, start, count);
      if (!change) continue;
      edits.push({ range: change.range, newText: "" });
      textAfter = textAfter.slice(0, this.document.offsetAt(change.range.start)) + textAfter.slice(this.document.offsetAt(change.range.end));
    }
    this.ended = true;
    return { edits, ghosts, textAfter };
  }

  /** Follows the user's own edits. Returns true when the session should end (they undid the whole proposal). */
  onDocumentChanged(event: TextDocumentChangeEvent): boolean {
    if (this.applying || event.document !== this.document || event.contentChanges.length === 0) return false;
    for (const change of event.contentChanges) applyUserChange(this.hunks, lineChangeOf(change));
    if (this.document.getText() === this.textBefore) {
      this.ended = true;
      return true;
    }
    return false;
  }

  end(): void {
    this.ended = true;
  }
}
