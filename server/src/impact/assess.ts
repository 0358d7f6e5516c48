import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type {
  AffectedFile,
  AssessImpactParams,
  AssessImpactResult,
  BreakingChangeHint,
  FileRisk,
  ImpactTarget,
} from "../../../shared/protocol/impact";
import { textAtHead, textsAtHead, workingTreeChanges } from "../git/workingTree";
import { extractExports, type ExportedSymbol } from "./exportExtract";
import { ImpactWorkspace, type ImpactWorkspaceOptions } from "./impactWorkspace";
import { importLanguageOf } from "./parsers";
import { rankAffected } from "./rankAffected";
import { assessRisk, type RiskInputs } from "./risk";
import { findSymbolUses } from "./symbolUsage";
import { selectWarnings } from "./warnings";
import { toWorkspacePath } from "./workspaceFiles";

const DEFAULT_LIMIT = 20;
/** Score added to an importer per changed exported symbol it uses: such a file must at least be looked at. */
const SYMBOL_USE_BONUS = 0.5;

async function readText(root: string, relative: string): Promise<string | undefined> {
  try {
    const buffer = await readFile(path.join(root, relative));
    return buffer.includes(0) ? undefined : buffer.toString("utf8");
  } catch {
    return undefined;
  }
}

function exportsOf(workspace: ImpactWorkspace, file: string, text: string | undefined): ExportedSymbol[] {
  const language = importLanguageOf(file);
  const parser = workspace.parserForReuse;
  if (!language || text === undefined || !parser) return [];
  const tree = parser.parse(language, text);
  if (!tree) return [];
  try {
    return extractExports(tree, language);
  } finally {
    tree.delete();
  }
}

/** Exported symbols whose declaration differs between HEAD and the work tree. */
function changedExports(before: ExportedSymbol[], after: ExportedSymbol[]): Array<Omit<BreakingChangeHint, "path" | "callSites">> {
  const old = new Map(before.map((symbol) => [symbol.name, symbol]));
  const now = new Map(after.map((symbol) => [symbol.name, symbol]));
  const changes: Array<Omit<BreakingChangeHint, "path" | "callSites">> = [];
  for (const [name, symbol] of old) {
    const current = now.get(name);
    if (!current) changes.push({ symbol: name, change: "removed", oldSignature: symbol.signature });
    else if (current.signature !== symbol.signature) changes.push({ symbol: name, change: "signature", oldSignature: symbol.signature, newSignature: current.signature });
    else if (current.text !== symbol.text) changes.push({ symbol: name, change: "body", oldSignature: symbol.signature, newSignature: current.signature });
  }
  for (const [name, symbol] of now) if (!old.has(name)) changes.push({ symbol: name, change: "added", newSignature: symbol.signature });
  return changes;
}

/** Everything the risk model reads about one file, gathered from the workspace's history, graph and tests. */
export function riskInputsOf(workspace: ImpactWorkspace, file: string, text: string | undefined): RiskInputs {
  const graph = workspace.graph;
  const direct = graph?.importersOf(file) ?? [];
  const transitive = graph ? graph.dependents(file).length - new Set(direct.map((edge) => edge.from)).size : 0;
  return {
    path: file,
    touches: workspace.fileHistory.touches(file),
    now: Date.now() / 1000,
    text,
    directImporters: direct,
    transitiveImporters: Math.max(0, transitive),
    tests: workspace.pairing?.testsOf(file) ?? [],
    lcov: workspace.lcov?.get(file),
    userEmail: workspace.userEmail,
  };
}

function riskOf(workspace: ImpactWorkspace, file: string, text: string | undefined): FileRisk {
  return assessRisk(riskInputsOf(workspace, file, text), workspace.riskModel);
}

/** Adds (or creates) a "calls changed exported symbol" reason for every importer that uses one of `symbols`. */
async function addSymbolUsers(workspace: ImpactWorkspace, file: string, symbols: string[], affected: Map<string, AffectedFile>): Promise<void> {
  if (!workspace.graph) return;
  for (const use of await findSymbolUses(workspace.options.root, workspace.graph, file, symbols)) {
    const entry = affected.get(use.path) ?? { path: use.path, score: 0, relatedTo: file, reasons: [] };
    entry.score += SYMBOL_USE_BONUS;
    entry.reasons.push({
      kind: "calls-symbol",
      text: `uses exported symbol ${use.symbol} (line ${use.lines.map((line) => line.line).slice(0, 5).join(", ")})`,
      symbol: use.symbol,
      lines: use.lines.map((line) => line.line),
    });
    affected.set(use.path, entry);
  }
}

/** Runs an assessment on an already-open workspace (the server keeps one per folder). */
export async function assessWithWorkspace(workspace: ImpactWorkspace, params: AssessImpactParams): Promise<AssessImpactResult> {
  const started = Date.now();
  await workspace.refresh();
  const root = workspace.options.root;
  const target: ImpactTarget = params.target;
  const limit = params.limit ?? DEFAULT_LIMIT;
  const notes = [...workspace.notes];
  const history = workspace.coverage();
  if (history.message) notes.push(history.message);
  const isGit = workspace.history?.state.kind === "git";

  let files: string[] = [];
  let changedSet = new Set<string>();
  if (target.kind === "diff") {
    if (!isGit) notes.push("Not a git repository: there is no working-tree diff to assess.");
    else {
      const changes = await workingTreeChanges(root, workspace.history?.head !== undefined);
      files = changes.filter((change) => change.status !== "deleted").map((change) => change.path);
      changedSet = new Set(changes.map((change) => change.path));
      if (changes.length === 0) notes.push("The working tree has no changes against HEAD.");
    }
  } else {
    const relative = toWorkspacePath(root, target.path);
    if (!relative) notes.push(`${target.path} is outside the workspace folder; nothing to assess.`);
    else if ((await readText(root, relative)) === undefined && !workspace.files.has(relative)) notes.push(`${relative} does not exist or cannot be read.`);
    else files = [relative];
  }

  const affected = new Map<string, AffectedFile>();
  const risk: FileRisk[] = [];
  const breakingChanges: BreakingChangeHint[] = [];
  const symbols: string[] = [];
  const isCandidate = (candidate: string): boolean => workspace.files.has(candidate) && !changedSet.has(candidate);
  // A diff needs every changed file's HEAD version: one git process reads them all.
  const headTexts = target.kind === "diff" && isGit ? await textsAtHead(root, files) : new Map<string, string | undefined>();
  for (const file of files) {
    const text = await readText(root, file);
    risk.push(riskOf(workspace, file, text));
    const ranked = rankAffected(file, { coChange: workspace.coChange, graph: workspace.graph, pairing: workspace.pairing, isCandidate, userEmail: workspace.userEmail, authorActivity: workspace.authorActivity, identifiers: workspace.identifiers }, workspace.rankWeights, limit * 2);
    for (const entry of ranked) {
      const existing = affected.get(entry.path);
      if (!existing || existing.score < entry.score) affected.set(entry.path, existing ? { ...entry, reasons: [...entry.reasons, ...existing.reasons] } : entry);
    }
    const exported = exportsOf(workspace, file, text);
    if (target.kind === "range") {
      const inRange = exported.filter((symbol) => symbol.startLine <= target.endLine && symbol.endLine >= target.startLine).map((symbol) => symbol.name);
      symbols.push(...inRange);
      await addSymbolUsers(workspace, file, inRange, affected);
    }
    // For one file, its HEAD version matters only when the file changed.
    const changedFrom = !isGit ? undefined : target.kind === "diff" ? { text: headTexts.get(file) } : await changedHeadText(workspace, file, text);
    if (changedFrom) {
      const before = exportsOf(workspace, file, changedFrom.text);
      const changes = changedExports(before, exported).filter((change) => change.change !== "added");
      const uses = workspace.graph ? await findSymbolUses(root, workspace.graph, file, changes.map((change) => change.symbol)) : [];
      for (const change of changes) {
        const callSites = uses.filter((use) => use.symbol === change.symbol).flatMap((use) => use.lines.map((line) => ({ path: use.path, ...line })));
        breakingChanges.push({ path: file, ...change, callSites });
      }
      if (target.kind === "diff") await addSymbolUsers(workspace, file, changes.filter((c) => c.change !== "body").map((c) => c.symbol), affected);
    }
  }
  const warnings = target.kind === "diff" ? selectWarnings(files, workspace.coChange, workspace.warningThresholds).filter((w) => workspace.files.has(w.path)) : [];
  const rankedAffected = [...affected.values()].sort((a, b) => b.score - a.score || a.path.localeCompare(b.path)).slice(0, limit);
  if (!workspace.graph) notes.push("The import graph is not available; likely-affected files come from history alone.");
  return { target, files, symbols, risk, affected: rankedAffected, breakingChanges, warnings, history, notes, tookMs: Date.now() - started };
}

/** The file's HEAD text when the work tree differs from it (hash check first: unchanged files cost no git process). */
async function changedHeadText(workspace: ImpactWorkspace, file: string, text: string | undefined): Promise<{ text: string } | undefined> {
  if (text === undefined || (await workspace.matchesHead(file, text))) return undefined;
  const atHead = await textAtHead(workspace.options.root, file);
  return atHead !== undefined && atHead !== text ? { text: atHead } : undefined;
}

/**
 * One-shot assessment (CLI, tests): opens the workspace, mines or loads history, builds the graph, answers. A server
 * should keep an `ImpactWorkspace` per folder and call `assessWithWorkspace` instead.
 */
export async function assessImpact(options: ImpactWorkspaceOptions & AssessImpactParams): Promise<AssessImpactResult> {
  const workspace = new ImpactWorkspace(options);
  return assessWithWorkspace(workspace, { target: options.target, limit: options.limit });
}
