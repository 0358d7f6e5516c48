// Pure text work for the diff-apply panel: which lines a file gets from the hunks the user accepted, and the
// proposal re-based onto the file as it is now, for the panel's diff.
import type { ProposedFileEdit } from "../../../../shared/protocol/actions";
import { textWithDecisions } from "../../../../shared/diff/hunkDecisions";
import type { DiffApplyFile, HunkChoice } from "../../../../shared/webview/diffApply";
import { locateTarget, splitLines } from "../../inlineDiff/hunkLayout";

/** The target range's new lines with only the accepted hunks applied (the rest keep their original lines). */
export function composeAccepted(edit: ProposedFileEdit, accepted: ReadonlySet<string>): string[] {
  const original = edit.isNew || edit.originalText === "" ? [] : splitLines(edit.originalText);
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of [...edit.hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    if (!accepted.has(hunk.id)) continue;
    const at = edit.isNew ? 0 : hunk.oldStart - edit.range.startLine;
    out.push(...original.slice(cursor, at), ...hunk.added);
    cursor = at + hunk.oldLines;
  }
  out.push(...original.slice(cursor));
  return out;
}

export const EXISTS_NOW = "A file with this name exists now; the proposal would not overwrite it.";

/**
 * One file of the proposal as the panel shows it: `currentText` is the file as it is in VS Code now (or undefined
 * when it does not exist) and the hunks move with the user's typing above them. When the target lines themselves
 * changed the file is marked stale (shown without a diff; Apply refuses it too).
 */
export function viewOfEdit(edit: ProposedFileEdit, currentText: string | undefined, choices: ReadonlyMap<string, HunkChoice>): DiffApplyFile {
  const base = { path: edit.path, isNew: edit.isNew, parseOk: edit.parseCheck.ok, parseMessage: edit.parseCheck.message };
  const decided = (shift: number) => edit.hunks.map((h) => ({ ...h, oldStart: h.oldStart + shift, newStart: h.newStart + shift, choice: choices.get(h.id) ?? "pending" }));
  if (edit.isNew) {
    const stale = currentText === undefined ? undefined : EXISTS_NOW;
    return { ...base, currentText: "", hunks: decided(0), stale };
  }
  const text = currentText ?? "";
  const located = locateTarget(splitLines(text), edit);
  if (!located.ok) return { ...base, currentText: text, hunks: decided(0), stale: located.reason };
  const hunks = decided(located.shift);
  try {
    textWithDecisions(text, hunks);
  } catch (error) {
    return { ...base, currentText: text, hunks, stale: error instanceof Error ? error.message : String(error) };
  }
  return { ...base, currentText: text, hunks };
}
