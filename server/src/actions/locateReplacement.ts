// Pure line work for edits to whole files: finding the lines a model quoted in a file's current text, and turning a
// file's non-overlapping line replacements into one ProposedFileEdit (one range, its hunks, a parse check).
import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import { computeHunks } from "../../../shared/diff/hunks";
import { checkParse } from "./parseCheck";
import type { ActionSyntax } from "./syntax";

export type LocateResult = { ok: true; index: number } | { ok: false; reason: string };

/** A quote of the first wanted line for messages, short enough to read. */
function quote(lines: readonly string[]): string {
  const first = lines.find((line) => line.trim() !== "")?.trim() ?? "";
  return `"${first.length > 50 ? `${first.slice(0, 50)}…` : first}"`;
}

/**
 * Where `wanted` occurs in `fileLines` (0-based index of its first line). Lines compare equal when they differ only
 * in trailing whitespace (a "\r" included): models drop trailing spaces, and a CRLF file is split without its "\r".
 * Indentation and everything else must match exactly, and the match must be unique: a quote that occurs twice says
 * nothing about which place the model meant.
 */
export function locateLines(fileLines: readonly string[], wanted: readonly string[]): LocateResult {
  if (wanted.length === 0) return { ok: false, reason: "the model quoted no lines to replace" };
  const want = wanted.map((line) => line.trimEnd());
  const found: number[] = [];
  for (let index = 0; index + want.length <= fileLines.length; index++) {
    let same = true;
    for (let offset = 0; offset < want.length && same; offset++) same = fileLines[index + offset].trimEnd() === want[offset];
    if (same) found.push(index);
  }
  if (found.length === 1) return { ok: true, index: found[0] };
  const one = want.length === 1;
  const lineWord = one ? "line" : `${want.length} lines`;
  if (found.length === 0) return { ok: false, reason: `the ${lineWord} it quotes (starting ${quote(wanted)}) ${one ? "is" : "are"} not in the file as it is now` };
  return {
    ok: false,
    reason: `the ${lineWord} it quotes (starting ${quote(wanted)}) ${one ? "occurs" : "occur"} ${found.length} times (lines ${found.map((i) => i + 1).join(", ")}), so the place to change is ambiguous`,
  };
}

/** Replace `count` lines from 0-based `start` with `lines`. */
export interface LineReplacement {
  start: number;
  count: number;
  lines: string[];
}

/**
 * One proposal for a file from its replacements: the range spans the first to the last replaced line, so a target
 * file that also gets an import added stays a single edit (hunk ids are unique per path). Throws a user-facing
 * `Error` when replacements overlap or the result would empty the file.
 */
export function composeFileEdit(syntax: ActionSyntax, path: string, fileLines: readonly string[], replacements: readonly LineReplacement[]): ProposedFileEdit {
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    if (sorted[i].start < before.start + before.count) {
      throw new Error(`two of its changes overlap (lines ${before.start + 1}-${before.start + before.count} and ${sorted[i].start + 1}-${sorted[i].start + sorted[i].count})`);
    }
  }
  const spanStart = sorted[0].start;
  const spanEnd = Math.max(...sorted.map((r) => r.start + r.count)); // exclusive
  const original = fileLines.slice(spanStart, spanEnd);
  const proposed: string[] = [];
  let cursor = spanStart;
  for (const replacement of sorted) {
    proposed.push(...fileLines.slice(cursor, replacement.start), ...replacement.lines);
    cursor = replacement.start + replacement.count;
  }
  const newFile = [...fileLines.slice(0, spanStart), ...proposed, ...fileLines.slice(spanEnd)];
  if (newFile.every((line) => line.trim() === "") && fileLines.some((line) => line.trim() !== "")) {
    throw new Error("the change would empty the file");
  }
  return {
    path,
    isNew: false,
    originalText: original.join("\n"),
    proposedText: proposed.join("\n"),
    range: { startLine: spanStart + 1, endLine: spanEnd },
    hunks: computeHunks(original, proposed, spanStart + 1, path),
    parseCheck: checkParse(syntax, path, fileLines.join("\n"), newFile.join("\n")),
  };
}
