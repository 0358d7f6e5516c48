// A proposal held OUTSIDE the buffer ("ghost" mode): the document keeps only the user's code, the proposed lines
// are painted beside it (ghostLayout.ts), and accepting a hunk replaces its old lines with its new ones in one edit.
// Free of `vscode` so it can be unit-tested.
//
// Why this mode exists: the normal inline diff puts old and new lines in the buffer (see hunkLayout.ts), so the
// buffer is dirty and holds both versions while the user decides. Any auto-save (files.autoSave afterDelay,
// onFocusChange, onWindowChange) would then write both versions to disk, and taking the new lines out for the save
// and putting them back afterwards re-dirties the buffer: the next auto-save a second later repeats it, an endless
// save loop that also fills the undo stack. With the proposal outside the buffer an auto-save writes exactly the
// user's code, the proposal survives it, and each Accept is one ordinary edit that the next auto-save writes.
import type { DiffHunk } from "../../../shared/protocol/actions";
import type { GhostBlock } from "./ghostLayout";
import type { HunkDecision, LineChange, PendingHunk } from "./hunkLayout";

export interface GhostHunk {
  id: string;
  removed: string[];
  added: string[];
  /** 0-based document line of the first old line (for a pure insertion: the line the new lines go before). */
  start: number;
  /** Old lines still in the document at `start`. */
  removedCount: number;
  state: "pending" | HunkDecision;
  /** The user typed in the old lines: accepting (which replaces them) is refused; rejecting changes nothing. */
  removedEdited: boolean;
}

/** Ghost hunks for a proposal whose target lines sit `shift` lines away from where the request saw them. */
export function ghostHunksFromDiff(hunks: readonly DiffHunk[], shift: number): GhostHunk[] {
  return [...hunks]
    .sort((a, b) => a.oldStart - b.oldStart)
    .map((hunk) => ({
      id: hunk.id,
      removed: hunk.removed,
      added: hunk.added,
      start: hunk.oldStart - 1 + shift,
      removedCount: hunk.oldLines,
      state: "pending",
      removedEdited: false,
    }));
}

/**
 * Ghost hunks for pending in-buffer hunks once their new lines have been taken out of the buffer. Each hunk taken
 * out moves the later ones up by its new lines. Hunks whose new lines the user edited stay in the buffer as the
 * user's text and are left out.
 */
export function ghostHunksFromPending(pending: readonly PendingHunk[]): GhostHunk[] {
  let removedAbove = 0;
  return [...pending]
    .sort((a, b) => a.removedStart - b.removedStart)
    .flatMap((hunk) => {
      if (hunk.addedEdited) return [];
      const ghost: GhostHunk = {
        id: hunk.id,
        removed: hunk.removed,
        added: hunk.added,
        start: hunk.removedStart - removedAbove,
        removedCount: hunk.removedCount,
        state: "pending",
        removedEdited: hunk.removedEdited,
      };
      removedAbove += hunk.addedCount;
      return [ghost];
    });
}

/** Follows a change the user made: changes above a hunk move it, changes in its old lines mark them edited. */
export function applyUserChangeToGhosts(hunks: GhostHunk[], change: LineChange): void {
  for (const hunk of hunks) {
    if (hunk.state !== "pending") continue;
    if (change.endLine < hunk.start) {
      hunk.start += change.delta;
      continue;
    }
    if (hunk.removedCount === 0 || change.startLine >= hunk.start + hunk.removedCount) continue;
    hunk.removedEdited = true;
    hunk.removedCount = Math.max(0, hunk.removedCount + change.delta);
  }
}

/** Why accepting is refused (it would overwrite the user's typing), or undefined when it is safe. */
export function ghostAcceptRefusal(hunk: GhostHunk): string | undefined {
  return hunk.removedEdited
    ? "You edited the lines this change replaces, so accepting it was refused (your typing is kept). Reject it or run the action again."
    : undefined;
}

/** Records a decision; an accepted hunk's new lines replaced its old ones, so later hunks move by the difference. */
export function markGhostResolved(hunks: GhostHunk[], hunk: GhostHunk, decision: HunkDecision): void {
  hunk.state = decision;
  if (decision !== "accepted") return;
  const delta = hunk.added.length - hunk.removedCount;
  for (const other of hunks) {
    if (other !== hunk && other.state === "pending" && other.start > hunk.start) other.start += delta;
  }
}

/** What to paint: each pending hunk's new lines beside its old ones, and which document lines those old ones are. */
export function ghostPicture(hunks: readonly GhostHunk[]): { blocks: GhostBlock[]; removedLines: number[] } {
  const blocks: GhostBlock[] = [];
  const removedLines: number[] = [];
  for (const hunk of hunks) {
    if (hunk.state !== "pending") continue;
    blocks.push({ row: hunk.start, lines: hunk.added });
    for (let i = 0; i < hunk.removedCount; i++) removedLines.push(hunk.start + i);
  }
  return { blocks, removedLines };
}

/** The pending ghost hunk at `line` (its old lines, or its insertion line), if any. */
export function ghostHunkAtLine(hunks: readonly GhostHunk[], line: number): GhostHunk | undefined {
  return hunks.find((h) => h.state === "pending" && line >= h.start && line < h.start + Math.max(1, h.removedCount));
}
