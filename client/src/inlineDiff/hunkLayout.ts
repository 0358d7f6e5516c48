// The line arithmetic behind the inline diff, kept free of `vscode` so it can be unit-tested on plain strings.
//
// Design (why the document holds both versions while a proposal is pending): VS Code has no stable API to show
// several *added* lines that are not in the document (editor insets are proposed API, and decoration text is one
// line), so the proposal's added lines must be real lines to be readable. The removed lines stay real lines too,
// styled as ghost text (italic, dimmed, removed-line background), directly above their replacement, as in a unified
// diff. Accepting a hunk deletes its old lines, rejecting deletes its new lines: every decision only *deletes* lines
// this proposal inserted or lines the user agreed to remove, so no decision can truncate the file beyond the hunk.
// When the file may be saved while hunks are pending (auto-save on, or the user saves), the proposal is held outside
// the buffer instead: see ghostHunks.ts.
import type { DiffHunk, ProposedFileEdit } from "../../../shared/protocol/actions";

export type HunkDecision = "accepted" | "rejected";

/** One hunk as it sits in the document while pending. Lines are 0-based document lines. */
export interface PendingHunk {
  id: string;
  removed: string[];
  added: string[];
  /** First line of the old (removed) lines; the new lines start right after them. */
  removedStart: number;
  removedCount: number;
  addedCount: number;
  state: "pending" | HunkDecision;
  /** The user typed in the old lines: accepting (which deletes them) is refused. */
  removedEdited: boolean;
  /** The user typed in the new lines: rejecting (which deletes them) is refused. */
  addedEdited: boolean;
}

/** Lines to insert before document line `beforeLine` (0-based, in the document as it was before the insertion). */
export interface LineInsertion {
  beforeLine: number;
  lines: string[];
}

/** Splits text into lines the way the editor counts them, dropping the `\r` of CRLF files. */
export function splitLines(text: string): string[] {
  return text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * Checks that the hunks, applied to `originalText`, give exactly `proposedText`; a proposal whose hunks disagree
 * with its own text is refused rather than half-applied. Returns a user-facing reason, or undefined when it is sound.
 */
export function validateProposal(edit: ProposedFileEdit): string | undefined {
  const original = edit.originalText === "" && edit.range.endLine < edit.range.startLine ? [] : splitLines(edit.originalText);
  const proposed = splitLines(edit.proposedText);
  if (!edit.isNew && edit.originalText.trim() !== "" && edit.proposedText.trim() === "") {
    return "The proposal would delete all of the target code; nothing was changed.";
  }
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of [...edit.hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const at = hunk.oldStart - edit.range.startLine;
    if (at < cursor || at + hunk.oldLines > original.length || hunk.removed.length !== hunk.oldLines || hunk.added.length !== hunk.newLines) {
      return "The proposal's hunks do not line up with the code they change; nothing was changed.";
    }
    if (!sameLines(original.slice(at, at + hunk.oldLines), hunk.removed)) {
      return "The proposal's hunks do not match the code they change; nothing was changed.";
    }
    out.push(...original.slice(cursor, at), ...hunk.added);
    cursor = at + hunk.oldLines;
  }
  out.push(...original.slice(cursor));
  const joined = out.join("\n");
  if (joined !== proposed.join("\n") && !(edit.proposedText === "" && joined === "")) {
    return "The proposal's hunks do not add up to its text; nothing was changed.";
  }
  return undefined;
}

export type LocateResult = { ok: true; shift: number } | { ok: false; reason: string };

export const CHANGED_SINCE_REQUEST =
  "The code this proposal changes was edited since you asked, so it was not applied (your typing is kept). Run the action again.";

/**
 * Finds where the proposal's target lines are now. Unchanged → shift 0. If the user typed elsewhere in the file the
 * target lines moved: the proposal re-bases by the shift to the nearest exact copy of them. If the target lines
 * themselves changed, it is refused.
 */
export function locateTarget(currentLines: readonly string[], edit: ProposedFileEdit): LocateResult {
  if (edit.isNew) return { ok: true, shift: 0 };
  const shift = findShift(currentLines, splitLines(edit.originalText), edit.range.startLine - 1);
  return shift === undefined ? { ok: false, reason: CHANGED_SINCE_REQUEST } : { ok: true, shift };
}

/**
 * How far `target` (expected at 0-based line `start`) has moved in `currentLines`: 0 when it is still there, else
 * the shift to its nearest exact copy, or undefined when it is nowhere (its lines were edited).
 */
export function findShift(currentLines: readonly string[], target: readonly string[], start: number): number | undefined {
  const matchesAt = (index: number): boolean => index >= 0 && index + target.length <= currentLines.length && sameLines(currentLines.slice(index, index + target.length), target);
  if (matchesAt(start)) return 0;
  let best: number | undefined;
  for (let index = 0; index + target.length <= currentLines.length; index++) {
    if (matchesAt(index) && (best === undefined || Math.abs(index - start) < Math.abs(best - start))) best = index;
  }
  return best === undefined ? undefined : best - start;
}

/** Where to insert each hunk's new lines (right after its old lines) and the resulting pending layout. */
export function planPendingInsertion(hunks: readonly DiffHunk[], shift: number): { insertions: LineInsertion[]; pending: PendingHunk[] } {
  const insertions: LineInsertion[] = [];
  const pending: PendingHunk[] = [];
  let inserted = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const oldStart = hunk.oldStart - 1 + shift;
    if (hunk.added.length > 0) insertions.push({ beforeLine: oldStart + hunk.oldLines, lines: hunk.added });
    pending.push({
      id: hunk.id,
      removed: hunk.removed,
      added: hunk.added,
      removedStart: oldStart + inserted,
      removedCount: hunk.oldLines,
      addedCount: hunk.added.length,
      state: "pending",
      removedEdited: false,
      addedEdited: false,
    });
    inserted += hunk.added.length;
  }
  return { insertions, pending };
}

/** A document change in line terms: lines [startLine, endLine] (0-based, inclusive) were replaced, changing the count by `delta`. */
export interface LineChange {
  startLine: number;
  endLine: number;
  delta: number;
}

/** An editor content change in line terms (the shape of `TextDocumentContentChangeEvent`, without `vscode`). */
export function lineChangeOf(change: { range: { start: { line: number }; end: { line: number } }; text: string }): LineChange {
  const newLines = change.text.split("\n").length - 1;
  return { startLine: change.range.start.line, endLine: change.range.end.line, delta: newLines - (change.range.end.line - change.range.start.line) };
}

/**
 * Moves pending hunks for a change the user made. A change wholly above a block shifts it; a change touching a
 * block marks that block as edited (so the decision that would delete it is refused) and resizes it.
 */
export function applyUserChange(hunks: PendingHunk[], change: LineChange): void {
  for (const hunk of hunks) {
    if (hunk.state !== "pending") continue;
    const removedEnd = hunk.removedStart + hunk.removedCount; // exclusive
    const addedStart = removedEnd;
    const addedEnd = addedStart + hunk.addedCount;
    if (change.endLine < hunk.removedStart) {
      hunk.removedStart += change.delta;
      continue;
    }
    if (change.startLine >= addedEnd) continue;
    const touchesRemoved = hunk.removedCount > 0 && change.startLine < removedEnd;
    const touchesAdded = hunk.addedCount > 0 && change.endLine >= addedStart;
    if (touchesRemoved) {
      hunk.removedEdited = true;
      hunk.removedCount = Math.max(0, hunk.removedCount + (touchesAdded ? 0 : change.delta));
    }
    if (touchesAdded) {
      hunk.addedEdited = true;
      hunk.addedCount = Math.max(0, hunk.addedCount + change.delta);
    }
    if (!touchesRemoved && !touchesAdded) {
      // Typing in an empty block's position (e.g. between two blocks) counts as editing the new lines.
      hunk.addedEdited = true;
      hunk.addedCount = Math.max(0, hunk.addedCount + change.delta);
    }
  }
}

/** The lines a decision deletes: the old lines when accepting, the new lines when rejecting. */
export function linesToDelete(hunk: PendingHunk, decision: HunkDecision): { start: number; count: number } {
  return decision === "accepted"
    ? { start: hunk.removedStart, count: hunk.removedCount }
    : { start: hunk.removedStart + hunk.removedCount, count: hunk.addedCount };
}

/** Why a decision is refused (it would delete lines the user typed in), or undefined when it is safe. */
export function refusalFor(hunk: PendingHunk, decision: HunkDecision): string | undefined {
  if (decision === "accepted" && hunk.removedEdited) {
    return "You edited the old lines of this change, so accepting it (which removes them) was refused. Delete them yourself or reject the change.";
  }
  if (decision === "rejected" && hunk.addedEdited) {
    return "You edited the new lines of this change, so rejecting it (which removes them) was refused. Delete them yourself or accept the change.";
  }
  return undefined;
}

/** Records a decision and moves the later hunks up by the deleted line count. */
export function markResolved(hunks: PendingHunk[], hunk: PendingHunk, decision: HunkDecision): void {
  const { start, count } = linesToDelete(hunk, decision);
  hunk.state = decision;
  if (decision === "accepted") hunk.removedCount = 0;
  else hunk.addedCount = 0;
  for (const other of hunks) {
    if (other !== hunk && other.state === "pending" && other.removedStart > start) other.removedStart -= count;
  }
}

/** The pending hunk whose lines include `line` (0-based), if any. */
export function hunkAtLine(hunks: readonly PendingHunk[], line: number): PendingHunk | undefined {
  return hunks.find((h) => h.state === "pending" && line >= h.removedStart && line < h.removedStart + Math.max(1, h.removedCount + h.addedCount));
}
