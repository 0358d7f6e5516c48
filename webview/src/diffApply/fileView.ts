// The selected file's header (warnings, Accept File / Reject File) and its list of changes, the keyboard path to
// every per-hunk decision; "Show" scrolls the diff to a change.
import type { HunkPlacement } from "../../../shared/diff/hunkDecisions";
import type { DiffApplyFile } from "../../../shared/webview/diffApply";
import { button, h } from "./dom";
import { choiceLabel, type Choose } from "./hunkWidgets";

function lineSpan(start: number, count: number): string {
  return count <= 1 ? `line ${start}` : `lines ${start}–${start + count - 1}`;
}

export function renderFileHeader(file: DiffApplyFile, done: boolean, choose: Choose): HTMLElement {
  const ids = file.hunks.map((hunk) => hunk.id);
  const header = h("div", { class: "file-header" }, h("span", { class: "file-path" }, file.path), h("span", { class: "badge" }, file.isNew ? "new file" : "modified"));
  if (!file.parseOk) header.append(h("span", { class: "warning", role: "note" }, `⚠ does not parse${file.parseMessage ? `: ${file.parseMessage}` : ""}`));
  if (file.stale) header.append(h("span", { class: "error", role: "note" }, file.stale));
  if (file.outcome) header.append(h("span", { class: file.outcome.applied ? "applied" : "error", role: "status" }, file.outcome.message));
  header.append(
    button("Accept File", () => choose(ids, "accepted"), { disabled: done, aria: `Accept every change in ${file.path}` }),
    button("Reject File", () => choose(ids, "rejected"), { secondary: true, disabled: done, aria: `Reject every change in ${file.path}` }),
  );
  return header;
}

export function renderHunkList(file: DiffApplyFile, placements: readonly HunkPlacement[], done: boolean, choose: Choose, show: (line: number) => void): HTMLElement {
  const list = h("ol", { class: "hunk-list", "aria-label": `Changes in ${file.path}` });
  const placed = new Map(placements.map((p) => [p.id, p]));
  file.hunks.forEach((hunk, index) => {
    const at = placed.get(hunk.id)?.line ?? hunk.oldStart;
    const where = hunk.oldLines > 0 ? `replaces ${lineSpan(hunk.oldStart, hunk.oldLines)}` : `inserts at line ${hunk.oldStart}`;
    const label = `Change ${index + 1}: +${hunk.added.length} −${hunk.removed.length}, ${where} · ${choiceLabel(hunk.choice)}`;
    list.append(
      h(
        "li",
        { class: "hunk-row", "data-choice": hunk.choice, "data-hunk-id": hunk.id },
        h("span", { class: "hunk-label" }, label),
        button("Show", () => show(at), { secondary: true, aria: `Show change ${index + 1} of ${file.path} in the diff` }),
        button("Accept", () => choose([hunk.id], "accepted"), { disabled: done || hunk.choice === "accepted", aria: `Accept change ${index + 1} in ${file.path}` }),
        button("Reject", () => choose([hunk.id], "rejected"), { secondary: true, disabled: done || hunk.choice === "rejected", aria: `Reject change ${index + 1} in ${file.path}` }),
      ),
    );
  });
  return list;
}
