import type { TextDocument, TextDocumentChangeEvent } from "vscode";
import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import type { GhostPaint } from "./ghostDecorations";
import {
  applyUserChangeToGhosts,
  ghostAcceptRefusal,
  ghostHunkAtLine,
  ghostHunksFromDiff,
  ghostPicture,
  markGhostResolved,
  type GhostHunk,
} from "./ghostHunks";
import { layoutGhostRows } from "./ghostLayout";
import { lineChangeOf, locateTarget, splitLines, validateProposal, type HunkDecision } from "./hunkLayout";
import type { ProposalLabel } from "./inlineDiffSession";
import { applyChanges, replaceLinesChange } from "./lineEdits";

/**
 * One proposal held outside the buffer (see ghostHunks.ts for why): the document keeps only the user's code, the
 * proposed lines are painted beside it, and only Accept edits the document. A save at any moment, auto-save
 * included, writes the user's code without any pending change, and the proposal survives it.
 */
export class GhostSession {
  private applying = false;
  private ended = false;
  /** The document text expected once the save that moved this proposal out of the buffer has taken its lines out. */
  private awaitingText: string | undefined;

  constructor(
    readonly document: TextDocument,
    readonly label: ProposalLabel,
    readonly hunks: GhostHunk[],
    awaitingText?: string,
  ) {
    this.awaitingText = awaitingText;
  }

  /** Checks the proposal against the document as it is now (re-basing when the user typed elsewhere). Nothing is edited. */
  static start(document: TextDocument, edit: ProposedFileEdit, label: ProposalLabel): GhostSession | string {
    const invalid = validateProposal(edit);
    if (invalid) return invalid;
    if (edit.hunks.length === 0) return "The model proposed no change to this code.";
    const located = locateTarget(splitLines(document.getText()), edit);
    if (!located.ok) return located.reason;
    return new GhostSession(document, label, ghostHunksFromDiff(edit.hunks, located.shift));
  }

  get pending(): GhostHunk[] {
    return this.hunks.filter((h) => h.state === "pending");
  }

  get isEnded(): boolean {
    return this.ended || this.pending.length === 0;
  }

  /** Pending hunks as id and first document line, top to bottom (for CodeLens). */
  anchors(): Array<{ id: string; line: number }> {
    return this.pending.map((h) => ({ id: h.id, line: h.start })).sort((a, b) => a.line - b.line);
  }

  hunkIdAt(line: number): string | undefined {
    return ghostHunkAtLine(this.hunks, line)?.id;
  }

  /**
   * Accepting replaces each hunk's old lines with its new ones in one edit (one undo step); rejecting only forgets
   * the hunk. Returns a refusal message for hunks that cannot be accepted safely (others still are).
   */
  async resolve(ids: readonly string[], decision: HunkDecision): Promise<string | undefined> {
    const targets = this.pending.filter((h) => ids.includes(h.id));
    if (decision === "rejected") {
      for (const hunk of targets) markGhostResolved(this.hunks, hunk, decision);
      return undefined;
    }
    const refusals = targets.map(ghostAcceptRefusal).filter((r): r is string => r !== undefined);
    const allowed = targets.filter((h) => ghostAcceptRefusal(h) === undefined).sort((a, b) => b.start - a.start);
    if (allowed.length === 0) return refusals[0];
    const changes = allowed
      .map((hunk) => replaceLinesChange(this.document, hunk.start, hunk.removedCount, hunk.added))
      .filter((c): c is NonNullable<typeof c> => c !== undefined);
    this.applying = true;
    try {
      if (!(await applyChanges(this.document, changes, { before: true, after: true }))) return "VS Code did not accept the edit; the change is still pending.";
      // Bottom-up, so each hunk's own start is still valid when the ones below it move.
      for (const hunk of allowed) markGhostResolved(this.hunks, hunk, decision);
    } finally {
      this.applying = false;
    }
    return refusals[0];
  }

  /** Follows the user's edits so Accept replaces the right lines (and refuses when they typed in them). */
  onDocumentChanged(event: TextDocumentChangeEvent): void {
    if (this.applying || event.document !== this.document || event.contentChanges.length === 0) return;
    if (this.awaitingText !== undefined) {
      const expected = this.awaitingText;
      this.awaitingText = undefined;
      // The save participant's edit that took the in-buffer proposal out: the hunks already sit where it leaves them.
      if (this.document.getText() === expected) return;
    }
    for (const change of event.contentChanges) applyUserChangeToGhosts(this.hunks, lineChangeOf(change));
  }

  paint(lineCount: number): GhostPaint {
    const { blocks, removedLines } = ghostPicture(this.hunks);
    return { rows: layoutGhostRows(blocks, lineCount), removedLines };
  }

  end(): void {
    this.ended = true;
  }
}
