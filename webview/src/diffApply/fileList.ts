// The proposal's files: new or modified, how many of their changes are accepted, and any warning.
import type { DiffApplyFile } from "../../../shared/webview/diffApply";
import { h } from "./dom";

export function fileSummary(file: DiffApplyFile): string {
  if (file.outcome) return file.outcome.message;
  if (file.stale) return "changed since the proposal";
  const accepted = file.hunks.filter((hunk) => hunk.choice === "accepted").length;
  const rejected = file.hunks.filter((hunk) => hunk.choice === "rejected").length;
  const parts = [`${accepted} of ${file.hunks.length} accepted`];
  if (rejected > 0) parts.push(`${rejected} rejected`);
  return parts.join(", ");
}

export function renderFileList(files: readonly DiffApplyFile[], selected: string | undefined, select: (path: string) => void): HTMLElement {
  const list = h("ul", { class: "file-list" });
  for (const file of files) {
    const warning = file.stale ?? (file.parseOk ? undefined : `does not parse${file.parseMessage ? `: ${file.parseMessage}` : ""}`);
    const entry = h(
      "button",
      { type: "button", class: "file-entry", "data-path": file.path, "aria-current": String(file.path === selected) },
      h("span", { class: "file-name" }, file.path),
      h("span", { class: "file-meta" }, h("span", { class: "badge" }, file.isNew ? "new" : "modified"), " ", fileSummary(file)),
    );
    if (warning) entry.append(h("span", { class: "warning file-warning" }, `⚠ ${warning}`));
    if (file.outcome) entry.classList.add(file.outcome.applied ? "applied" : "error");
    entry.addEventListener("click", () => select(file.path));
    list.append(h("li", {}, entry));
  }
  return h("nav", { class: "files", "aria-label": "Files in this proposal" }, list);
}
