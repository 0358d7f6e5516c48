import { diffArrays } from "diff";
import type { DiffHunk } from "../protocol/actions";
import { splitLines } from "./hunks";

export type RebaseOutcome = { ok: true; hunk: DiffHunk } | { ok: false; message: string };

/** One region of the original that the user changed, in 0-based line indexes: [start, end) replaced by `inserted` lines. */
interface ChangedRegion {
  start: number;
  end: number;
  inserted: number;
}

function changedRegions(original: readonly string[], current: readonly string[]): ChangedRegion[] {
  const regions: ChangedRegion[] = [];
  let index = 0;
  let open: ChangedRegion | undefined;
  for (const change of diffArrays(original as string[], current as string[])) {
    if (!change.added && !change.removed) {
      if (open) regions.push(open);
      open = undefined;
      index += change.value.length;
      continue;
    }
    open ??= { start: index, end: index, inserted: 0 };
    if (change.removed) {
      open.end += change.value.length;
      index += change.value.length;
    } else {
      open.inserted += change.value.length;
    }
  }
  if (open) regions.push(open);
  return regions;
}

/**
 * Moves hunks made against `originalText` (the text the request was made on) onto `currentText` (the document
 * now). A hunk moves by the lines the user added or removed above it; if the user edited any line the hunk
 * replaces, or typed right where it inserts, it is refused with a message: the user's typing is never clobbered.
 */
export function rebaseHunks(originalText: string, currentText: string, hunks: readonly DiffHunk[]): RebaseOutcome[] {
  if (originalText === currentText) return hunks.map((hunk) => ({ ok: true, hunk }));
  const original = splitLines(originalText);
  const current = splitLines(currentText);
  const regions = changedRegions(original, current);
  return hunks.map((hunk) => rebaseOne(hunk, regions, current));
}

/** Convenience for a single hunk. */
export function rebaseHunk(originalText: string, currentText: string, hunk: DiffHunk): RebaseOutcome {
  return rebaseHunks(originalText, currentText, [hunk])[0];
}

function rebaseOne(hunk: DiffHunk, regions: readonly ChangedRegion[], current: readonly string[]): RebaseOutcome {
  const start = hunk.oldStart - 1;
  const end = start + hunk.oldLines;
  let shift = 0;
  for (const region of regions) {
    const conflicts =
      hunk.oldLines > 0
        ? region.start < end && region.end > start
        : (region.start < start && region.end > start) || (region.start === start && region.end === start);
    if (conflicts) {
      return { ok: false, message: `The lines of change ${hunk.id} (line ${hunk.oldStart}) were edited after the proposal was made; it was not applied. Run the action again.` };
    }
    if (region.end <= start) shift += region.inserted - (region.end - region.start);
  }
  const moved: DiffHunk = { ...hunk, oldStart: hunk.oldStart + shift, newStart: hunk.newStart + shift };
  for (let i = 0; i < hunk.oldLines; i++) {
    if (current[moved.oldStart - 1 + i] !== hunk.removed[i]) {
      return { ok: false, message: `Change ${hunk.id} no longer matches the document at line ${moved.oldStart}; it was not applied. Run the action again.` };
    }
  }
  return { ok: true, hunk: moved };
}
