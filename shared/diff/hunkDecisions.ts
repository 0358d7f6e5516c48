// What the diff-apply panel shows for a set of per-hunk decisions: the text that Apply would write (rejected hunks
// left out) and where each hunk sits in it, so its Accept/Reject controls can be drawn next to its lines.
import type { DiffHunk } from "../protocol/actions";
import { applyHunks } from "./hunks";

export type Decision = "pending" | "accepted" | "rejected";

export interface DecidedHunk extends DiffHunk {
  choice: Decision;
}

/**
 * The file with every hunk that is not rejected applied: pending hunks stay visible (they are still offered), and a
 * rejected hunk's lines disappear, so the proposal side of the diff is what Apply would write once the pending ones
 * are decided. Throws (from applyHunks) when a hunk does not match `currentText`.
 */
export function textWithDecisions(currentText: string, hunks: readonly DecidedHunk[]): string {
  return applyHunks(
    currentText,
    hunks.filter((hunk) => hunk.choice !== "rejected"),
  );
}

export interface HunkPlacement {
  id: string;
  /** 1-based line of `textWithDecisions(...)` where the hunk's new lines start, or would start if it is rejected. */
  line: number;
  /** Lines the hunk occupies there (0 when rejected or when it only deletes). */
  lineCount: number;
}

/** Where each hunk lands in `textWithDecisions`: every earlier hunk that is kept moves the later ones by its size change. */
export function placeHunks(hunks: readonly DecidedHunk[]): HunkPlacement[] {
  let shift = 0;
  return [...hunks]
    .sort((a, b) => a.oldStart - b.oldStart)
    .map((hunk) => {
      const kept = hunk.choice !== "rejected";
      const placement = { id: hunk.id, line: hunk.oldStart + shift, lineCount: kept ? hunk.added.length : 0 };
      if (kept) shift += hunk.added.length - hunk.oldLines;
      return placement;
    });
}
