// Pure text work for the diff-apply panel: which lines a file gets from the hunks the user accepted.
import type { ProposedFileEdit } from "../../../../shared/protocol/actions";
import { splitLines } from "../../inlineDiff/hunkLayout";

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

export function hunkHeader(hunk: { oldStart: number; oldLines: number; newStart: number; newLines: number }): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
}
