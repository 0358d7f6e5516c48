import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { FileRisk, FileRiskParams, FileRiskResult, FunctionRiskSummary, TopRiskFactor } from "../../../../shared/protocol/impact";
import { riskInputsOf } from "../../impact/assess";
import { extractExports, type ExportedSymbol } from "../../impact/exportExtract";
import type { FileTouch } from "../../impact/fileHistory";
import type { ImpactWorkspace } from "../../impact/impactWorkspace";
import type { ImportEdge } from "../../impact/importGraph";
import { importLanguageOf } from "../../impact/parsers";
import { assessRisk, type RiskInputs, type RiskModel } from "../../impact/risk";
import type { LcovFile } from "../../impact/testPairing";
import { toWorkspacePath } from "../../impact/workspaceFiles";
import { findSymbolUses } from "../../impact/symbolUsage";
import { outlineFunctions, type OutlinedFunction } from "./functionOutline";
import { commitsInRange, type LineCommits } from "./lineBlame";

/** Files beyond this size are scored as a whole but not outlined: parsing them for a CodeLens is not worth it. */
const MAX_OUTLINE_BYTES = 1024 * 1024;

/** Supplies the per-line commits of a file; the feature caches it by HEAD and content. */
export type BlameSource = (file: string, text: string) => Promise<LineCommits | undefined>;

async function readText(absolute: string): Promise<{ text?: string; bytes: number }> {
  try {
    const buffer = await readFile(absolute);
    return { text: buffer.includes(0) ? undefined : buffer.toString("utf8"), bytes: buffer.length };
  } catch {
    return { bytes: 0 };
  }
}

/** The factor adding the most points, or undefined when none adds any. */
export function topFactorOf(risk: FileRisk): TopRiskFactor | undefined {
  let top: FileRisk["factors"][number] | undefined;
  for (const factor of risk.factors) if (factor.contribution > 0 && (!top || factor.contribution > top.contribution)) top = factor;
  return top && { id: top.id, label: top.label, contribution: top.contribution, explanation: top.explanation };
}

/** The lcov figures of the lines in a range, when the report has per-line data for the file. */
function lcovInRange(lcov: LcovFile | undefined, startLine: number, endLine: number): LcovFile | undefined {
  if (!lcov || lcov.lines.size === 0) return lcov;
  const lines = new Map<number, number>();
  for (const [line, hits] of lcov.lines) if (line >= startLine && line <= endLine) lines.set(line, hits);
  if (lines.size === 0) return undefined;
  return { linesFound: lines.size, linesHit: [...lines.values()].filter((hits) => hits > 0).length, lines };
}

/** Importers that use an exported symbol, and how many more files depend on those importers. */
async function symbolDependents(workspace: ImpactWorkspace, file: string, symbols: string[]): Promise<Map<string, { direct: ImportEdge[]; transitive: number }>> {
  const result = new Map<string, { direct: ImportEdge[]; transitive: number }>();
  const graph = workspace.graph;
  if (!graph || symbols.length === 0) return result;
  const edges = new Map(graph.importersOf(file).map((edge) => [edge.from, edge]));
  const uses = await findSymbolUses(workspace.options.root, graph, file, symbols);
  for (const symbol of symbols) {
    const users = new Set(uses.filter((use) => use.symbol === symbol).map((use) => use.path));
    const further = new Set<string>();
    for (const user of users) for (const dependent of graph.dependents(user)) if (!users.has(dependent.path) && dependent.path !== file) further.add(dependent.path);
    result.set(symbol, { direct: [...users].flatMap((user) => edges.get(user) ?? []), transitive: further.size });
  }
  return result;
}

/**
 * Risk of one function: the file's commits that still own lines in it (git blame), its own size and branches, the
 * importers that use it (exported functions only), the file's tests with line coverage narrowed to its lines.
 */
function functionRisk(
  base: RiskInputs,
  fn: OutlinedFunction,
  lines: string[],
  blame: LineCommits | undefined,
  dependents: { direct: ImportEdge[]; transitive: number } | undefined,
  model: RiskModel,
): FunctionRiskSummary {
  let touches: readonly FileTouch[] = base.touches;
  if (blame) {
    const owners = commitsInRange(blame, fn.startLine, fn.endLine);
    touches = base.touches.filter((touch) => owners.has(touch.hash));
  }
  const risk = assessRisk({
    ...base,
    touches,
    text: lines.slice(fn.startLine - 1, fn.endLine).join("\n"),
    directImporters: dependents?.direct ?? [],
    transitiveImporters: dependents?.transitive ?? 0,
    lcov: lcovInRange(base.lcov, fn.startLine, fn.endLine),
  }, model);
  return {
    name: fn.name,
    startLine: fn.startLine,
    endLine: fn.endLine,
    score: risk.score,
    level: risk.level,
    topFactor: topFactorOf(risk),
    exported: fn.exportedAs !== undefined,
  };
}

/** Answers `vibe/fileRisk`: the file's risk and one summary per function, method and class. */
export async function fileRiskSummary(workspace: ImpactWorkspace, params: FileRiskParams, blameOf: BlameSource): Promise<FileRiskResult> {
  await workspace.refresh();
  const root = workspace.options.root;
  const history = workspace.coverage();
  const notes = history.message ? [history.message] : [];
  const file = toWorkspacePath(root, params.path);
  if (!file) {
    return { path: params.path, fileRisk: { score: 0, level: "low" }, functions: [], history, notes: [...notes, `${params.path} is outside the workspace folder.`] };
  }
  const { text, bytes } = await readText(path.join(root, file));
  if (text === undefined) notes.push(bytes > 0 ? `${file} looks binary: only its history is scored.` : `${file} does not exist or cannot be read.`);
  const base = riskInputsOf(workspace, file, text);
  const risk = assessRisk(base, workspace.riskModel);
  const fileRisk = { score: risk.score, level: risk.level, topFactor: topFactorOf(risk) };
  const language = importLanguageOf(file);
  const parser = workspace.parserForReuse;
  if (text === undefined || !language) return { path: file, fileRisk, functions: [], history, notes };
  if (!parser) return { path: file, fileRisk, functions: [], history, notes: [...notes, "Functions cannot be listed: tree-sitter is not available."] };
  if (bytes > MAX_OUTLINE_BYTES) return { path: file, fileRisk, functions: [], history, notes: [...notes, `${file} is over 1 MB: functions are not listed.`] };

  const tree = parser.parse(language, text);
  if (!tree) return { path: file, fileRisk, functions: [], history, notes: [...notes, `${file} could not be parsed.`] };
  let outlined: OutlinedFunction[];
  try {
    let exported: ExportedSymbol[] = [];
    try {
      exported = extractExports(tree, language);
    } catch {
      notes.push(`The exports of ${file} could not be read; functions count no dependents.`);
    }
    outlined = outlineFunctions(tree, language, text, exported);
  } finally {
    tree.delete();
  }
  const blame = workspace.history?.state.kind === "git" ? await blameOf(file, text) : undefined;
  if (workspace.history?.state.kind === "git" && !blame) notes.push(`${file} is not committed: function churn comes from the file's history.`);
  const exportedNames = [...new Set(outlined.flatMap((fn) => (fn.exportedAs ? [fn.exportedAs] : [])))];
  const dependents = await symbolDependents(workspace, file, exportedNames);
  const lines = text.split("\n");
  const functions = outlined.map((fn) => functionRisk(base, fn, lines, blame, fn.exportedAs ? dependents.get(fn.exportedAs) : undefined, workspace.riskModel));
  return { path: file, fileRisk, functions, history, notes };
}
