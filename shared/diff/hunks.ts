import { diffArrays } from "diff";
import type { DiffHunk } from "../protocol/actions";

/** Splits text into lines without their terminators ("\n" or "\r\n"); a final newline does not add an empty line. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The line terminator a document mostly uses, so applied edits keep it. */
export function detectEol(text: string): "\n" | "\r\n" {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/**
 * Line hunks that turn `original` into `proposed`, in file coordinates: `firstLine` is the file line where
 * `original[0]` sits. Hunks carry no context lines, so each one can be accepted or rejected on its own.
 */
export function computeHunks(original: readonly string[], proposed: readonly string[], firstLine: number, idPrefix: string): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  let current: DiffHunk | undefined;
  const flush = (): void => {
    if (current) hunks.push(current);
    current = undefined;
  };
  for (const change of diffArrays(original as string[], proposed as string[])) {
    const lines = change.value;
    if (!change.added && !change.removed) {
      flush();
      oldIndex += lines.length;
      newIndex += lines.length;
      continue;
    }
    current ??= {
      id: `${idPrefix}#${hunks.length + 1}`,
      oldStart: firstLine + oldIndex,
      oldLines: 0,
      newStart: firstLine + newIndex,
      newLines: 0,
      removed: [],
      added: [],
    };
    if (change.removed) {
      current.removed.push(...lines);
      current.oldLines += lines.length;
      oldIndex += lines.length;
    } else {
      current.added.push(...lines);
      current.newLines += lines.length;
      newIndex += lines.length;
    }
  }
  flush();
  return hunks;
}

/** A hunk as a line edit: delete `deleteCount` lines starting at `startLine` (1-based), then insert `insert` there. */
export interface LineEdit {
  startLine: number;
  deleteCount: number;
  insert: string[];
}

export function hunkToLineEdit(hunk: DiffHunk): LineEdit {
  return { startLine: hunk.oldStart, deleteCount: hunk.oldLines, insert: hunk.added };
}

/**
 * Applies hunks (all made against `text`, not overlapping) to `text` and returns the new text, keeping the
 * document's line terminator and whether it ended with one. Throws when a hunk's removed lines are not where it says.
 */
export function applyHunks(text: string, hunks: readonly DiffHunk[]): string {
  const eol = detectEol(text);
  const endsWithEol = /\r?\n$/.test(text);
  const lines = splitLines(text);
  const ordered = [...hunks].sort((a, b) => b.oldStart - a.oldStart);
  for (const hunk of ordered) {
    const at = hunk.oldStart - 1;
    for (let i = 0; i < hunk.oldLines; i++) {
      if (lines[at + i] !== hunk.removed[i]) throw new Error(`Hunk ${hunk.id} does not match line ${hunk.oldStart + i}: the document changed.`);
    }
    lines.splice(at, hunk.oldLines, ...hunk.added);
  }
  const joined = lines.join(eol);
  return endsWithEol || text.length === 0 ? joined + (lines.length > 0 ? eol : "") : joined;
}
