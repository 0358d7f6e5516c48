import type { CatchUpCommit, CatchUpGroup, CatchUpResult, CriticalFlag, CriticalKind } from "../../../shared/protocol/impact";
import { actionLink, h, icon, plural, relativeTime, type Post } from "./dom";
import { historyLine, notesList, section } from "./sections";

const FLAG_ICONS: Record<CriticalKind, string> = {
  breaking: "warning",
  security: "shield",
  dependency: "package",
  migration: "database",
  "owned-file": "person",
};

const FLAG_NAMES: Record<CriticalKind, string> = {
  breaking: "Breaking change",
  security: "Security fix",
  dependency: "Dependency change",
  migration: "Migration",
  "owned-file": "Your file",
};

function sinceText(result: CatchUpResult): string {
  const when = result.since.time > 0 ? new Date(result.since.time * 1000).toLocaleString() : "";
  switch (result.since.kind) {
    case "own-commit":
      return `Since your last commit (${when})`;
    case "last-run":
      return `Since you last ran Catch Me Up (${when})`;
    case "rev":
      return `Since ${result.since.value.slice(0, 12)} (${when})`;
    case "date":
      return `Since ${result.since.value} (${when})`;
    case "default-window":
      return when ? `Recent history (since ${when})` : "Recent history";
  }
}

function flagBadge(flag: CriticalFlag): HTMLElement {
  return h("li", { className: `flag flag-${flag.kind}`, attributes: { title: flag.text } }, icon(FLAG_ICONS[flag.kind]), " ", h("strong", {}, FLAG_NAMES[flag.kind]), `: ${flag.text}`);
}

function commitItem(post: Post, commit: CatchUpCommit): HTMLLIElement {
  const type = commit.type ? h("vscode-badge", { className: "type", attributes: { variant: "default" } }, commit.scope ? `${commit.type}(${commit.scope})` : commit.type) : null;
  return h(
    "li",
    { className: `commit${commit.flags.length > 0 ? " critical" : ""}`, attributes: { "data-hash": commit.hash } },
    h(
      "p",
      { className: "commit-line" },
      actionLink([h("code", {}, commit.hash.slice(0, 8))], () => post({ type: "openCommit", hash: commit.hash }), `Show commit ${commit.hash.slice(0, 8)}: ${commit.subject}`),
      " ",
      type,
      " ",
      h("span", { className: "subject" }, commit.subject),
    ),
    h("p", { className: "muted commit-meta" }, `${commit.authorName} · `, h("time", { attributes: { datetime: commit.date, title: commit.date } }, relativeTime(commit.date)), ` · ${plural(commit.files.length, "file")}`),
    commit.flags.length > 0 ? h("ul", { className: "flags", attributes: { "aria-label": "Critical changes" } }, ...commit.flags.map(flagBadge)) : null,
  );
}

function typeSummary(types: Record<string, number>): string {
  return Object.entries(types)
    .sort((a, b) => b[1] - a[1])
    .map(([type, count]) => `${type} ${count}`)
    .join(", ");
}

function groupBlock(post: Post, group: CatchUpGroup, index: number): HTMLElement {
  const critical = group.flags.length > 0;
  const description = `${plural(group.commits.length, "commit")} · ${typeSummary(group.types)}${critical ? " · critical" : ""}`;
  const decorations = critical
    ? h("span", { attributes: { slot: "decorations", "aria-label": `${plural(group.flags.length, "critical change")}` } }, h("vscode-badge", { className: "critical-badge", attributes: { variant: "counter" } }, String(group.flags.length)), " ", icon("warning"))
    : null;
  return h(
    "vscode-collapsible",
    {
      className: `group${critical ? " critical" : ""}`,
      attributes: { heading: group.area, description, "data-area": group.area },
      // The first groups (most relevant to the user) start open; the rest stay one click away.
      properties: { open: index < 5 || critical },
    },
    decorations,
    h(
      "section",
      { className: "group-body", attributes: { "aria-label": `Changes in ${group.area}` } },
      group.flags.length > 0 ? h("ul", { className: "flags", attributes: { "aria-label": `Critical changes in ${group.area}` } }, ...group.flags.map(flagBadge)) : null,
      h(
        "p",
        { className: "group-actions" },
        actionLink([icon("diff"), " Show the diff"], () => post({ type: "openDiff", area: group.area, base: group.diff.base, head: group.diff.head, files: group.files }), `Show the diff of ${group.area}`),
        h("span", { className: "muted" }, ` (${plural(group.files.length, "file")})`),
      ),
      group.relatedFiles.length > 0
        ? h(
            "p",
            { className: "related" },
            icon("person"),
            " Touches your work: ",
            ...group.relatedFiles.slice(0, 10).flatMap((path, i) => [i > 0 ? ", " : "", actionLink([h("code", {}, path)], () => post({ type: "openFile", path }), `Open ${path}`)]),
          )
        : null,
      h("ol", { className: "commits", attributes: { "aria-label": `Commits in ${group.area}` } }, ...group.commits.map((commit) => commitItem(post, commit))),
    ),
  );
}

export function renderCatchUp(result: CatchUpResult, post: Post): HTMLElement {
  const criticalGroups = result.groups.filter((group) => group.flags.length > 0).length;
  const authors = new Set(result.groups.flatMap((group) => group.commits.map((commit) => commit.authorName)));
  const summary =
    result.totalCommits === 0
      ? "Nothing new from others."
      : `${plural(result.totalCommits, "commit")} by ${plural(authors.size, "author")} in ${plural(result.groups.length, "area")}${criticalGroups > 0 ? `, ${criticalGroups} with critical changes` : ""}.`;
  return h(
    "div",
    { className: "catch-up-report" },
    h("p", { className: "subtitle" }, sinceText(result), result.userEmail ? ` · for ${result.userEmail}` : ""),
    h("p", { className: "summary", attributes: { role: "status" } }, summary),
    historyLine(result.history),
    notesList(result.notes),
    section("groups", "By area, most relevant to you first", result.groups.length === 0 ? [h("p", { className: "muted" }, "No commits by others in this period.")] : result.groups.map((group, i) => groupBlock(post, group, i))),
  );
}
