import type { HistoryCoverage } from "../../../shared/protocol/impact";
import { h, icon, plural, type Child } from "./dom";

/** A titled region: a landmark with its heading, so screen-reader users can jump between parts of the report. */
export function section(id: string, title: string, children: Child[]): HTMLElement {
  const headingId = `section-${id}`;
  return h("section", { className: `report-section section-${id}`, attributes: { "aria-labelledby": headingId } }, h("h2", { attributes: { id: headingId } }, title), ...children);
}

/** One line about how much git history backs the numbers (a shallow clone or no git at all must be said). */
export function historyLine(history: HistoryCoverage): HTMLElement {
  const text =
    history.kind === "none"
      ? "Not a git repository: from the import graph only."
      : `${history.kind === "partial" ? "Partial history" : "History"}: ${plural(history.commits, "commit")}${history.head ? ` up to ${history.head.slice(0, 8)}` : ""}${history.ignoredBulkCommits > 0 ? `, ${plural(history.ignoredBulkCommits, "bulk commit")} left out of co-change` : ""}.`;
  return h("p", { className: `history history-${history.kind}` }, icon(history.kind === "full" ? "history" : "warning"), " ", text);
}

export function notesList(notes: string[]): HTMLElement | null {
  if (notes.length === 0) return null;
  return h("ul", { className: "notes", attributes: { "aria-label": "Notes about this answer" } }, ...notes.map((note) => h("li", {}, icon("info"), " ", note)));
}
