import type { AffectedFile, AffectedReason, AlsoChangeWarning, AssessImpactResult, BreakingChangeHint, FileRisk, ImpactEvidence, RiskFactor } from "../../../shared/protocol/impact";
import { actionLink, h, icon, plural, type Child, type Post } from "./dom";
import { historyLine, notesList, section } from "./sections";

const REASON_ICONS: Record<AffectedReason["kind"], string> = {
  "co-change": "git-commit",
  "imports-it": "references",
  "imported-by-it": "file-symlink-file",
  "transitive-importer": "type-hierarchy",
  test: "beaker",
  "calls-symbol": "symbol-method",
  "co-change-via": "git-compare",
  "paired-import": "references",
  name: "symbol-string",
  "your-work": "account",
  "recent-change": "clock",
  "shared-identifiers": "symbol-variable",
};

function fileLink(post: Post, path: string, line?: number): HTMLAnchorElement {
  const label = line ? `${path}:${line}` : path;
  return actionLink([h("code", {}, label)], () => post({ type: "openFile", path, line }), `Open ${label}`);
}

function commitLink(post: Post, hash: string): HTMLAnchorElement {
  return actionLink([h("code", {}, hash.slice(0, 8))], () => post({ type: "openCommit", hash }), `Show commit ${hash.slice(0, 8)}`);
}

function evidenceItem(post: Post, evidence: ImpactEvidence): HTMLLIElement {
  switch (evidence.kind) {
    case "commits":
      return h("li", {}, `${plural(evidence.hashes.length, "commit")}: `, ...evidence.hashes.slice(0, 12).flatMap((hash) => [commitLink(post, hash), " "]), evidence.hashes.length > 12 ? `and ${evidence.hashes.length - 12} more` : "");
    case "import":
      return h("li", {}, fileLink(post, evidence.from, evidence.line), " imports ", h("code", {}, evidence.specifier));
    case "test-name":
      return h("li", {}, "Test ", fileLink(post, evidence.test), " is paired by name with ", h("code", {}, evidence.source));
    case "lcov":
      return h("li", {}, h("code", {}, evidence.path), `: ${evidence.linesHit} of ${evidence.linesFound} lines covered (lcov)`);
    case "call-site":
      return h("li", {}, fileLink(post, evidence.path, evidence.line), " ", h("code", { className: "snippet" }, evidence.text.trim()));
    case "file-metrics":
      return h("li", {}, h("code", {}, evidence.path), `: ${plural(evidence.lines, "line")}, ${plural(evidence.branches, "branch", "branches")}`);
  }
}

function levelBadge(level: FileRisk["level"]): HTMLElement {
  return h("vscode-badge", { className: `level level-${level}`, attributes: { variant: "default", "aria-label": `${level} risk` } }, level);
}

function scoreMeter(score: number, level: FileRisk["level"]): HTMLElement {
  const bar = h("div", { className: `meter-fill level-${level}` });
  bar.style.width = `${Math.max(0, Math.min(100, score))}%`;
  return h("div", { className: "meter", attributes: { role: "meter", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": score, "aria-label": "Risk score" } }, bar);
}

/** One factor as a table row; its evidence sits under the explanation so the table stays readable in a narrow panel. */
function factorRow(post: Post, factor: RiskFactor): HTMLTableRowElement {
  const evidence =
    factor.evidence.length === 0
      ? null
      : h(
          "vscode-collapsible",
          { className: "evidence-toggle", attributes: { heading: `Evidence (${factor.evidence.length})` } },
          h("ul", { className: "evidence", attributes: { "aria-label": `Evidence for ${factor.label}` } }, ...factor.evidence.slice(0, 50).map((e) => evidenceItem(post, e))),
        );
  return h(
    "tr",
    { attributes: { "data-factor": factor.id } },
    h("th", { attributes: { scope: "row" } }, factor.label),
    h("td", { className: "number" }, `${factor.contribution.toFixed(1)} / ${factor.weight}`),
    h("td", {}, h("p", { className: "explanation" }, factor.explanation), evidence),
  );
}

function riskBlock(post: Post, risk: FileRisk, several: boolean): HTMLElement {
  const factors = [...risk.factors].sort((a, b) => b.contribution - a.contribution);
  return h(
    "article",
    { className: "risk", attributes: { "aria-label": `Risk of ${risk.path}` } },
    several ? h("h3", {}, fileLink(post, risk.path)) : null,
    h("p", { className: "score-line" }, h("span", { className: "score", attributes: { "data-testid": "risk-score" } }, String(Math.round(risk.score))), h("span", { className: "muted" }, " / 100 "), levelBadge(risk.level)),
    scoreMeter(risk.score, risk.level),
    h(
      "table",
      { className: "factors" },
      h("caption", { className: "visually-hidden" }, `Risk factors for ${risk.path}`),
      h("thead", {}, h("tr", {}, h("th", { attributes: { scope: "col" } }, "Factor"), h("th", { attributes: { scope: "col" } }, "Points"), h("th", { attributes: { scope: "col" } }, "Why (with evidence)"))),
      h("tbody", {}, ...factors.map((factor) => factorRow(post, factor))),
    ),
  );
}

function reasonChip(reason: AffectedReason): HTMLElement {
  return h("li", { className: `reason reason-${reason.kind}` }, icon(REASON_ICONS[reason.kind]), " ", reason.text);
}

function affectedItem(post: Post, file: AffectedFile, showRelated: boolean): HTMLLIElement {
  const line = file.reasons.find((reason): reason is Extract<AffectedReason, { kind: "imports-it" }> => reason.kind === "imports-it")?.line;
  return h(
    "li",
    { className: "affected", attributes: { "data-path": file.path } },
    fileLink(post, file.path, line),
    showRelated ? h("span", { className: "muted" }, ` (via ${file.relatedTo})`) : null,
    h("ul", { className: "reasons", attributes: { "aria-label": `Why ${file.path} is likely affected` } }, ...file.reasons.map(reasonChip)),
  );
}

function breakingItem(post: Post, hint: BreakingChangeHint): HTMLLIElement {
  const changeText: Record<BreakingChangeHint["change"], string> = { removed: "removed", signature: "signature changed", body: "body changed", added: "added" };
  return h(
    "li",
    { className: "breaking" },
    h("p", {}, icon(hint.change === "removed" || hint.change === "signature" ? "warning" : "info"), " ", h("code", {}, hint.symbol), ` in `, fileLink(post, hint.path), `: ${changeText[hint.change]}`),
    hint.oldSignature ? h("p", { className: "signature" }, h("span", { className: "muted" }, "Before: "), h("code", {}, hint.oldSignature)) : null,
    hint.newSignature ? h("p", { className: "signature" }, h("span", { className: "muted" }, "After: "), h("code", {}, hint.newSignature)) : null,
    hint.callSites.length === 0
      ? h("p", { className: "muted" }, "No call sites found in the workspace.")
      : h("ul", { className: "call-sites", attributes: { "aria-label": `Call sites of ${hint.symbol}` } }, ...hint.callSites.slice(0, 100).map((site) => h("li", {}, fileLink(post, site.path, site.line), " ", h("code", { className: "snippet" }, site.text.trim())))),
  );
}

function warningItem(post: Post, warning: AlsoChangeWarning): HTMLLIElement {
  return h("li", { className: "also-change", attributes: { "data-path": warning.path } }, icon("warning"), " ", fileLink(post, warning.path), " — ", warning.text, " ", h("span", { className: "muted" }, `(confidence ${Math.round(warning.confidence * 100)}%)`));
}

function targetLine(result: AssessImpactResult): Child[] {
  const target = result.target;
  const what =
    target.kind === "diff" ? `${plural(result.files.length, "changed file")} in the working tree` : target.kind === "range" ? `lines ${target.startLine}–${target.endLine} of ${target.path}` : target.path;
  const symbols = result.symbols.length > 0 ? [" · exported: ", ...result.symbols.flatMap((s, i) => [i > 0 ? ", " : "", h("code", {}, s)])] : [];
  return [`Assessed ${what}`, ...symbols, ` · ${result.tookMs} ms`];
}

export function renderImpact(result: AssessImpactResult, post: Post): HTMLElement {
  const several = result.risk.length > 1;
  const affectedFromSeveral = new Set(result.affected.map((file) => file.relatedTo)).size > 1;
  return h(
    "div",
    { className: "impact-report" },
    h("p", { className: "subtitle" }, ...targetLine(result)),
    historyLine(result.history),
    notesList(result.notes),
    section(
      "risk",
      several ? "Risk scores" : "Risk score",
      result.risk.length === 0 ? [h("p", { className: "muted" }, "No file could be assessed.")] : result.risk.map((risk) => riskBlock(post, risk, several)),
    ),
    section(
      "affected",
      "Likely-affected files",
      result.affected.length === 0
        ? [h("p", { className: "muted" }, "Nothing in history or the import graph points to other files.")]
        : [h("ol", { className: "affected-list", attributes: { "aria-label": "Likely-affected files, most likely first" } }, ...result.affected.map((file) => affectedItem(post, file, affectedFromSeveral)))],
    ),
    section(
      "breaking",
      "Breaking-change hints",
      result.breakingChanges.length === 0
        ? [h("p", { className: "muted" }, result.target.kind === "diff" || result.breakingChanges.length > 0 ? "No exported symbol changed." : "None: only uncommitted changes to exported symbols are checked.")]
        : [h("ul", { className: "breaking-list" }, ...result.breakingChanges.map((hint) => breakingItem(post, hint)))],
    ),
    result.target.kind === "diff"
      ? section(
          "warnings",
          "You usually also change",
          result.warnings.length === 0 ? [h("p", { className: "muted" }, "Nothing you usually change together is missing.")] : [h("ul", { className: "warning-list" }, ...result.warnings.map((w) => warningItem(post, w)))],
        )
      : null,
  );
}
