import * as path from "node:path";
import type { LineRange, RelatedLocation } from "../../../shared/protocol/actions";
import type { LlmContextFile, LlmContextRule } from "../../../shared/protocol/llm";
import type { SearchHit } from "../../../shared/protocol/search";
import type { ImportRecord } from "../impact/importExtract";
import type { ImportGraphView } from "../serverFeature";
import { DEFAULT_SEARCH_BUDGET_MS, findCallSites, isDefinitionOf, overlapsTarget, withinBudget } from "./callSites";
import type { SyntaxFacts } from "./syntax";

/** One block of text that goes into the prompt, with where it came from (recorded so the user sees what was sent). */
export interface ContextSection {
  title: string;
  path: string;
  startLine: number;
  endLine: number;
  text: string;
  reason: "target" | "imports" | "enclosing class" | "definition" | "call site" | "importer";
}

export interface AssembledContext {
  target: ContextSection;
  /** Everything but the target, in the order it goes into the prompt. */
  sections: ContextSection[];
  rules: LlmContextRule[];
  files: LlmContextFile[];
  related: RelatedLocation[];
  usedTokens: number;
  budgetTokens: number;
  /** Sections that were found but did not fit the budget. */
  dropped: number;
}

/** Where context comes from. Everything but `readFile` is optional: the action still works with the target alone. */
export interface ContextSources {
  /** Workspace search (symbol + full text); hits carry chunk ranges. */
  search?: (query: string, limit: number) => Promise<SearchHit[]>;
  /** Definitions of a name from the in-memory symbol index: far cheaper than a full search, so used when present. */
  findDefinitions?: (name: string, limit: number) => Promise<SearchHit[]>;
  /** A workspace file's text, or undefined when it is missing, binary or too large. */
  readFile: (workspacePath: string) => Promise<string | undefined>;
  /** Whether a workspace file exists (to resolve import specifiers without listing the repository). */
  exists: (workspacePath: string) => boolean;
  /**
   * Files containing an identifier, best match first, from an in-memory index; undefined while that index has nothing
   * loaded. Much cheaper than `search`, so call sites are found with it when present.
   */
  filesMentioning?: (name: string, limit: number) => Promise<string[] | undefined>;
  /** The import graph (importers rank first as call sites; its resolved imports rank definitions), as far as built. */
  importGraph?: ImportGraphView;
  /** How long a fallback `search` for call sites may take before the context goes without it. */
  searchBudgetMs?: number;
  /** The project's natural-language rules (e.g. .vibe/rules.md). */
  rules?: () => Promise<LlmContextRule[]>;
}

export interface ContextRequest {
  path: string;
  text: string;
  target: LineRange;
  facts?: SyntaxFacts;
  budgetTokens: number;
}

/** The usual rough estimate: about four characters per token for code and English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const MAX_DEFINITION_LINES = 60;
const MAX_NAMES_SEARCHED = 6;

const RELATED_REASON: Partial<Record<ContextSection["reason"], RelatedLocation["reason"]>> = {
  "enclosing class": "enclosing",
  definition: "definition",
  "call site": "call site",
  importer: "call site",
};

/** A location in a file that imports the target: its use of the target's name, or only the import statement. */
function importerRelated(section: ContextSection): Pick<RelatedLocation, "reason" | "importsTarget"> {
  return { reason: section.title.startsWith("Import of ") ? "import" : "call site", importsTarget: true };
}

export class ContextTooLargeError extends Error {
  readonly kind = "too-large";
}

function tooLarge(tokens: number, budgetTokens: number): ContextTooLargeError {
  return new ContextTooLargeError(
    `The code to send (about ${tokens} tokens) is larger than this model's context budget (${budgetTokens} tokens). Select a smaller range.`,
  );
}

/**
 * Builds the prompt context for an action: the target, the file's imports, the enclosing class's outline, the
 * definitions of names the target uses (imported files first) and call sites of what it declares (files importing the
 * target first), within a token budget. Costs in-memory index lookups and a few file reads per request, never a scan
 * of the repository; every lookup runs concurrently, and the slow hybrid search is only a time-boxed fallback.
 */
export async function assembleContext(request: ContextRequest, sources: ContextSources): Promise<AssembledContext> {
  const lines = request.text.split(/\r?\n/);
  const slice = (range: LineRange): string => lines.slice(range.startLine - 1, range.endLine).join("\n");
  const target: ContextSection = { title: "Target", path: request.path, ...request.target, text: slice(request.target), reason: "target" };
  const targetTokens = estimateTokens(target.text);
  if (targetTokens > request.budgetTokens) throw tooLarge(targetTokens, request.budgetTokens);
  const facts = request.facts;
  const imported = facts ? importedFiles(request.path, facts, sources) : [];
  const declared = facts?.declaredNames[0];
  const canLook = sources.search !== undefined || sources.findDefinitions !== undefined;
  const [rules, definitions, callSites] = await Promise.all([
    sources.rules?.().catch(() => []) ?? Promise.resolve([]),
    facts && canLook ? findDefinitions(request, facts, imported, sources) : Promise.resolve([]),
    declared && declared.length >= 3 ? findCallSites(request, declared, sources) : Promise.resolve([]),
  ]);
  let used = targetTokens + rules.reduce((sum, rule) => sum + estimateTokens(rule.text), 0);
  if (used > request.budgetTokens) throw tooLarge(used, request.budgetTokens);
  const candidates: ContextSection[] = facts ? localSections(request, facts, slice) : [];
  candidates.push(...definitions, ...callSites);

  const sections: ContextSection[] = [];
  let dropped = 0;
  for (const section of candidates) {
    const cost = estimateTokens(section.text) + 20;
    if (used + cost > request.budgetTokens) {
      dropped++;
      continue;
    }
    used += cost;
    sections.push(section);
  }
  const files: LlmContextFile[] = [target, ...sections].map((s) => ({ path: s.path, startLine: s.startLine, endLine: s.endLine, reason: s.reason }));
  const related: RelatedLocation[] = sections
    .filter((s) => s.reason !== "imports")
    .map((s) => ({
      path: s.path,
      startLine: s.startLine,
      endLine: s.endLine,
      reason: RELATED_REASON[s.reason] ?? "search result",
      ...(s.reason === "importer" ? importerRelated(s) : {}),
      ...(s.title.startsWith("Definition of ") ? { symbol: s.title.slice("Definition of ".length) } : {}),
    }));
  return { target, sections, rules, files, related, usedTokens: used, budgetTokens: request.budgetTokens, dropped };
}

function localSections(request: ContextRequest, facts: SyntaxFacts, slice: (range: LineRange) => string): ContextSection[] {
  const out: ContextSection[] = [];
  const imports = facts.imports.filter((range) => range.endLine < request.target.startLine || range.startLine > request.target.endLine);
  if (imports.length > 0) {
    out.push({
      title: "Imports of the file",
      path: request.path,
      startLine: imports[0].startLine,
      endLine: imports[imports.length - 1].endLine,
      text: imports.map(slice).join("\n"),
      reason: "imports",
    });
  }
  const cls = facts.enclosingClass;
  if (cls) {
    // The outline (header and each member's first line) shows the fields and methods the target can use without
    // spending the budget on bodies the model does not need.
    const outline = [...new Set(cls.headerLines)]
      .filter((line) => line < request.target.startLine || line > request.target.endLine)
      .map((line) => `${String(line).padStart(5)}| ${slice({ startLine: line, endLine: line })}`)
      .join("\n");
    out.push({ title: `Outline of the enclosing class${cls.name ? ` ${cls.name}` : ""}`, path: request.path, ...cls.range, text: outline, reason: "enclosing class" });
  }
  return out;
}

/** Workspace files the target's imports point at, resolved by probing a few candidate names (no repository listing). */
export function resolveImports(fromPath: string, records: readonly ImportRecord[], exists: (p: string) => boolean): Array<{ path: string; names: string[] }> {
  const out: Array<{ path: string; names: string[] }> = [];
  const dir = path.posix.dirname(fromPath) === "." ? "" : path.posix.dirname(fromPath);
  for (const record of records) {
    const base = candidateBase(dir, record);
    if (base === undefined) continue;
    const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, "");
    const candidates = [base, ...[".ts", ".tsx", ".js", ".jsx", ".mjs", ".py", "/index.ts", "/index.js", "/__init__.py"].map((ext) => stem + ext)];
    const found = candidates.find((candidate) => candidate !== "" && exists(candidate));
    if (found) out.push({ path: found, names: record.names });
  }
  return out;
}

/** The target file's imports: resolved by the import graph where it has read the file, else by probing names. */
function importedFiles(fromPath: string, facts: SyntaxFacts, sources: ContextSources): Array<{ path: string; names: string[] }> {
  const fromGraph = sources.importGraph?.importsOf(fromPath) ?? [];
  const probed = resolveImports(fromPath, facts.importRecords, sources.exists);
  const known = new Set(fromGraph.map((link) => link.path));
  return [...fromGraph.map((link) => ({ path: link.path, names: link.names })), ...probed.filter((entry) => !known.has(entry.path))];
}

function candidateBase(dir: string, record: ImportRecord): string | undefined {
  const spec = record.specifier;
  if (record.kind === "python-from" || record.kind === "python-import") {
    const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
    const rest = spec.slice(dots).replace(/\./g, "/");
    if (dots === 0) return rest;
    let base = dir;
    for (let i = 1; i < dots; i++) base = path.posix.dirname(base) === "." ? "" : path.posix.dirname(base);
    return path.posix.join(base, rest);
  }
  if (!spec.startsWith(".")) return undefined;
  const joined = path.posix.normalize(path.posix.join(dir, spec));
  return joined.startsWith("..") ? undefined : joined;
}

async function findDefinitions(
  request: ContextRequest,
  facts: SyntaxFacts,
  imported: Array<{ path: string; names: string[] }>,
  sources: ContextSources,
): Promise<ContextSection[]> {
  const importedPaths = new Set(imported.map((i) => i.path));
  const importedNames = new Set(imported.flatMap((i) => i.names));
  // Imported names first: their definitions are certainly elsewhere and the model cannot guess them.
  const names = [...facts.usedNames].sort((a, b) => Number(importedNames.has(b)) - Number(importedNames.has(a))).slice(0, MAX_NAMES_SEARCHED);
  const search = sources.search;
  // The symbol index answers from memory; a search is the fallback, and like any search it is time-boxed.
  const lookup =
    sources.findDefinitions ?? ((name: string, limit: number) => withinBudget(search!(name, limit), sources.searchBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS, []));
  const results = await Promise.all(names.map(async (name) => ({ name, hits: await lookup(name, 8).catch(() => []) })));
  const sections: ContextSection[] = [];
  for (const { name, hits } of results) {
    const definitions = hits
      .filter((hit) => isDefinitionOf(hit, name) && hit.symbol !== undefined && !overlapsTarget(hit, request))
      .sort((a, b) => Number(importedPaths.has(b.path)) - Number(importedPaths.has(a.path)) || b.score - a.score);
    const best = definitions[0];
    if (!best) continue;
    const text = await sources.readFile(best.path);
    if (text === undefined) continue;
    const fileLines = text.split(/\r?\n/);
    const endLine = Math.min(best.endLine, best.startLine + MAX_DEFINITION_LINES - 1, fileLines.length);
    sections.push({
      title: `Definition of ${name}`,
      path: best.path,
      startLine: best.startLine,
      endLine,
      text: fileLines.slice(best.startLine - 1, endLine).join("\n") + (endLine < best.endLine ? "\n… (truncated)" : ""),
      reason: "definition",
    });
  }
  return sections;
}
