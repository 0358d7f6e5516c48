/**
 * Applying a 200-hunk proposal to a ~4,000-line file with the pure functions the product uses, after the user
 * typed a few lines at the top (so every hunk must be re-based). Two product paths are timed:
 * - the inline diff (client/src/inlineDiff/hunkLayout.ts): validate, locate the moved target, insert the proposal
 *   next to the old lines, then accept every hunk (each accept deletes old lines and moves the later hunks);
 * - the shared re-base + apply (shared/diff/rebase.ts + hunks.ts) that the diff-apply panel relies on.
 * The baseline splices the same edits into the line array at known positions: no validation, no diff, no re-base.
 * VS Code's own cost of applying the resulting WorkspaceEdit is not part of any figure here.
 */
import { performance } from "node:perf_hooks";
import {
  locateTarget,
  markResolved,
  planPendingInsertion,
  splitLines as editorLines,
  validateProposal,
} from "../../client/src/inlineDiff/hunkLayout";
import type { DiffHunk, ProposedFileEdit } from "../../shared/protocol/actions";
import { applyHunks, computeHunks, splitLines } from "../../shared/diff/hunks";
import { rebaseHunks } from "../../shared/diff/rebase";
import { distribution, type Distribution } from "./metrics";

export interface ApplyFigures {
  fileLines: number;
  hunks: number;
  userInsertedLines: number;
  runs: number;
  /** Server side, for reference: diffing original and proposal into hunks. */
  computeHunksMs: Distribution;
  inlineDiffMs: Distribution;
  rebaseApplyMs: Distribution;
  baselineSpliceMs: Distribution;
}

/** One planned edit, 0-based in the original lines. */
interface PlannedEdit {
  start: number;
  deleteCount: number;
  insert: string[];
}

const USER_HEADER = ["// A comment the user typed after asking,", "// so every hunk sits three lines lower now.", ""];

/** A ~`lineCount`-line file made of real source lines, and 200 edits spread over it (modify, insert, delete). */
export function buildApplyCase(sourceTexts: readonly string[], lineCount = 4000, hunkCount = 200): { original: string[]; edits: PlannedEdit[] } {
  const original: string[] = [];
  for (let i = 0; original.length < lineCount; i++) {
    if (sourceTexts.length === 0) throw new Error("no source files to build the apply case from");
    original.push(...splitLines(sourceTexts[i % sourceTexts.length]));
  }
  original.length = lineCount;
  const stride = Math.floor(lineCount / hunkCount);
  const edits: PlannedEdit[] = [];
  for (let k = 0; k < hunkCount; k++) {
    const start = k * stride + Math.floor(stride / 2);
    const marker = `  /* vibe bench edit ${k} */`;
    if (k % 3 === 0) edits.push({ start, deleteCount: 2, insert: [`${marker} ${original[start].trim()}`, marker, `${marker} ${original[start + 1].trim()}`] });
    else if (k % 3 === 1) edits.push({ start, deleteCount: 0, insert: [marker, `${marker} (second line)`] });
    else edits.push({ start, deleteCount: 1, insert: [`${marker} ${original[start].trim()} // rewritten`] });
  }
  return { original, edits };
}

function spliceEdits(lines: string[], edits: readonly PlannedEdit[], offset: number): string[] {
  for (let i = edits.length - 1; i >= 0; i--) lines.splice(edits[i].start + offset, edits[i].deleteCount, ...edits[i].insert);
  return lines;
}

/** The inline-diff path: returns the document text after every hunk was accepted. */
function inlineDiffApply(edit: ProposedFileEdit, currentText: string): string {
  const problem = validateProposal(edit);
  if (problem) throw new Error(problem);
  const doc = editorLines(currentText);
  const located = locateTarget(doc, edit);
  if (!located.ok) throw new Error(located.reason);
  const { insertions, pending } = planPendingInsertion(edit.hunks, located.shift);
  // The insertions are in pre-insertion coordinates: apply them bottom-up, as one WorkspaceEdit would.
  for (let i = insertions.length - 1; i >= 0; i--) doc.splice(insertions[i].beforeLine, 0, ...insertions[i].lines);
  for (const hunk of pending) {
    const start = hunk.removedStart;
    const count = hunk.removedCount;
    doc.splice(start, count);
    markResolved(pending, hunk, "accepted");
  }
  return doc.join("\n");
}

/** The shared path: re-base every hunk onto the current text, refuse if any cannot move, then apply them all. */
function rebaseApply(originalText: string, currentText: string, hunks: readonly DiffHunk[]): string {
  const moved: DiffHunk[] = [];
  for (const outcome of rebaseHunks(originalText, currentText, hunks)) {
    if (!outcome.ok) throw new Error(outcome.message);
    moved.push(outcome.hunk);
  }
  return applyHunks(currentText, moved);
}

function timeRuns(runs: number, warmup: number, body: () => void): number[] {
  for (let i = 0; i < warmup; i++) body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  return times;
}

export function runApplyBench(sourceTexts: readonly string[], runs = 100): ApplyFigures {
  const { original, edits } = buildApplyCase(sourceTexts);
  const proposed = spliceEdits([...original], edits, 0);
  const hunks = computeHunks(original, proposed, 1, "bench.ts");
  const originalText = original.join("\n") + "\n";
  const currentLines = [...USER_HEADER, ...original];
  const currentText = currentLines.join("\n") + "\n";
  const expected = spliceEdits([...currentLines], edits, USER_HEADER.length).join("\n");
  const edit: ProposedFileEdit = {
    path: "bench.ts",
    isNew: false,
    originalText: original.join("\n"),
    proposedText: proposed.join("\n"),
    range: { startLine: 1, endLine: original.length },
    hunks,
    parseCheck: { ok: true },
  };

  // Each path must produce exactly the expected document, or its time means nothing.
  const inline = inlineDiffApply(edit, currentText);
  if (inline !== expected + "\n") throw new Error("the inline-diff path did not produce the expected document");
  const shared = rebaseApply(originalText, currentText, hunks);
  if (shared !== expected + "\n") throw new Error("the re-base + apply path did not produce the expected document");

  const warmup = 10;
  return {
    fileLines: original.length,
    hunks: hunks.length,
    userInsertedLines: USER_HEADER.length,
    runs,
    computeHunksMs: distribution(timeRuns(runs, warmup, () => void computeHunks(original, proposed, 1, "bench.ts"))),
    inlineDiffMs: distribution(timeRuns(runs, warmup, () => void inlineDiffApply(edit, currentText))),
    rebaseApplyMs: distribution(timeRuns(runs, warmup, () => void rebaseApply(originalText, currentText, hunks))),
    baselineSpliceMs: distribution(
      timeRuns(runs, warmup, () => void spliceEdits(currentText.split("\n"), edits, USER_HEADER.length).join("\n")),
    ),
  };
}
