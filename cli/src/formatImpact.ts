import { plural } from "../../shared/text/plural";
import type { AssessImpactResult, CatchUpResult, FileRisk, HistoryCoverage, ImpactTarget } from "../../shared/protocol/impact";

const MAX_REASONS = 3;
const MAX_CALL_SITES = 5;
const MAX_COMMITS_PER_GROUP = 8;

/** The target as the user knows it: the workspace-relative path the server resolved, when it resolved one. */
function describeTarget(target: ImpactTarget, files: string[]): string {
  if (target.kind === "diff") return "the working-tree diff";
  const file = files.length === 1 ? files[0] : target.path;
  return target.kind === "file" ? file : `${file}:${target.startLine}-${target.endLine}`;
}

function describeHistory(history: HistoryCoverage): string {
  if (history.kind === "none") return "no git history (import graph only)";
  const bulk = history.ignoredBulkCommits > 0 ? `, ${plural(history.ignoredBulkCommits, "bulk commit")} left out of co-change` : "";
  return `${history.commits} commits${history.kind === "partial" ? " (partial)" : ""}${bulk}`;
}

function formatRisk(risk: FileRisk): string[] {
  const lines = [`Risk ${risk.score}/100 (${risk.level}) for ${risk.path}`];
  const factors = [...risk.factors].sort((a, b) => b.contribution - a.contribution);
  for (const factor of factors) {
    lines.push(`  ${factor.contribution.toFixed(1).padStart(5)} / ${String(factor.weight).padEnd(3)} ${factor.label}: ${factor.explanation}`);
  }
  return lines;
}

/** The impact report as plain text: risk with its factors, ranked affected files with reasons, hints, warnings. */
export function formatImpact(result: AssessImpactResult): string {
  const out = [`Impact of ${describeTarget(result.target, result.files)}${result.symbols.length > 0 ? ` (${result.symbols.join(", ")})` : ""}`];
  out.push(`History: ${describeHistory(result.history)}; assessed in ${result.tookMs} ms`, "");
  for (const risk of result.risk) out.push(...formatRisk(risk), "");
  if (result.affected.length === 0) out.push("Likely affected: none found.");
  else {
    out.push("Likely affected:");
    result.affected.forEach((file, index) => {
      const reasons = file.reasons.slice(0, MAX_REASONS).map((reason) => reason.text);
      const more = file.reasons.length > MAX_REASONS ? `; +${file.reasons.length - MAX_REASONS} more` : "";
      const related = result.files.length > 1 ? ` [via ${file.relatedTo}]` : "";
      out.push(`${String(index + 1).padStart(3)}. ${file.path}${related}  (${reasons.join("; ")}${more})`);
    });
  }
  if (result.breakingChanges.length > 0) {
    out.push("", "Breaking-change hints:");
    for (const hint of result.breakingChanges) {
      out.push(`  ${hint.path}: ${hint.symbol} ${hint.change === "body" ? "body changed" : hint.change}, ${plural(hint.callSites.length, "call site")}`);
      for (const site of hint.callSites.slice(0, MAX_CALL_SITES)) out.push(`      ${site.path}:${site.line}  ${site.text}`);
    }
  }
  if (result.warnings.length > 0) {
    out.push("", "You usually also change:");
    for (const warning of result.warnings) out.push(`  ${warning.path}: ${warning.text}`);
  }
  if (result.notes.length > 0) out.push("", ...result.notes.map((note) => `Note: ${note}`));
  return out.join("\n");
}

/** Catch Me Up as plain text: the starting point, then each area with its flags and its commits. */
export function formatCatchUp(result: CatchUpResult): string {
  const since = result.since.kind === "default-window" ? `the last ${result.since.value}` : `${result.since.value} (${result.since.kind})`;
  const out = [`Catch up since ${since}${result.userEmail ? ` for ${result.userEmail}` : ""}: ${result.totalCommits} commits by others`];
  out.push(`History: ${describeHistory(result.history)}`);
  for (const group of result.groups) {
    const types = Object.entries(group.types).map(([type, count]) => `${count} ${type}`).join(", ");
    out.push("", `${group.area}  (${plural(group.commits.length, "commit")}: ${types}; diff ${group.diff.base.slice(0, 10)}..${group.diff.head.slice(0, 10)})`);
    for (const flag of group.flags) out.push(`  ! ${flag.kind}: ${flag.text}`);
    if (group.relatedFiles.length > 0) out.push(`  touches your files: ${group.relatedFiles.slice(0, 5).join(", ")}`);
    for (const commit of group.commits.slice(0, MAX_COMMITS_PER_GROUP)) {
      out.push(`  ${commit.hash.slice(0, 10)} ${commit.date.slice(0, 10)} ${commit.authorName}: ${commit.subject}`);
    }
    if (group.commits.length > MAX_COMMITS_PER_GROUP) out.push(`  … ${group.commits.length - MAX_COMMITS_PER_GROUP} more`);
  }
  if (result.groups.length === 0) out.push("", "Nothing new from others.");
  if (result.notes.length > 0) out.push("", ...result.notes.map((note) => `Note: ${note}`));
  return out.join("\n");
}
