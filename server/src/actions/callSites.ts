import type { SearchHit } from "../../../shared/protocol/search";
import type { ContextRequest, ContextSection, ContextSources } from "./context";

const CALL_SITE_WINDOW = 2;
const MAX_CALL_SITES = 6;
/** Files read to find call sites: enough for MAX_CALL_SITES after the ones that only mention the name in a comment. */
const MAX_FILES_READ = 14;
/** Importers that do not use the name still show where the target's file is used, but only a few of them. */
const MAX_IMPORT_ONLY = 3;
/** How long the fallback hybrid search may hold up the first token before the context goes without it. */
export const DEFAULT_SEARCH_BUDGET_MS = 60;

/**
 * Call sites of the name the target declares. Cheap sources first, all in memory: the import graph's importers of
 * the target file (they can certainly reach it, so they rank first) and the whole-file term index's files that
 * contain the name; each candidate file is read and its first real use (not the declaration, not an import line)
 * becomes a section. Only without either source does this fall back to a hybrid search, and then within a time
 * budget, because the user is waiting for the first token.
 */
export async function findCallSites(request: ContextRequest, name: string, sources: ContextSources): Promise<ContextSection[]> {
  const importers = rankImporters(sources.importGraph?.importersOf(request.path) ?? [], name);
  const mentioning = sources.filesMentioning ? await sources.filesMentioning(name, MAX_FILES_READ).catch(() => undefined) : undefined;
  if (mentioning === undefined && importers.length === 0) return callSitesFromSearch(request, name, sources);

  const importerLines = new Map(importers.map((link) => [link.path, link.line]));
  const mentioned = new Set(mentioning ?? []);
  // Importers the term index confirms (or cannot rule out) come first, then the other files that mention the name.
  const likely = importers.filter((link) => mentioning === undefined || mentioned.has(link.path)).map((link) => link.path);
  const candidates = [...new Set([...likely, ...(mentioning ?? [])])].slice(0, MAX_FILES_READ);
  const pattern = wordPattern(name);
  const sections: ContextSection[] = [];
  const withoutUse: string[] = [];
  for (const path of candidates) {
    if (sections.length >= MAX_CALL_SITES) break;
    const text = await sources.readFile(path);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    const exclude = path === request.path ? request.target : undefined;
    const use = lines.findIndex((line, index) => isUse(line, pattern) && !(exclude && index + 1 >= exclude.startLine && index + 1 <= exclude.endLine));
    if (use < 0) {
      if (importerLines.has(path)) withoutUse.push(path);
      continue;
    }
    sections.push(windowSection(`Call site of ${name}`, path, lines, use + 1, importerLines.has(path) ? "importer" : "call site"));
  }
  // Importers that never use the name (or that the term index does not list) are shown by their import statement.
  const importOnly = [...withoutUse, ...importers.map((link) => link.path).filter((path) => !candidates.includes(path))];
  for (const path of importOnly.slice(0, Math.max(0, Math.min(MAX_IMPORT_ONLY, MAX_CALL_SITES - sections.length)))) {
    const text = await sources.readFile(path);
    const line = importerLines.get(path);
    if (text === undefined || line === undefined) continue;
    sections.push(windowSection(`Import of ${request.path}`, path, text.split(/\r?\n/), line, "importer", 0));
  }
  return sections;
}

/** Importers that name the declaration first, then default/namespace imports, then the rest; each file once. */
function rankImporters(links: ReadonlyArray<{ path: string; line: number; names: string[] }>, name: string): Array<{ path: string; line: number }> {
  const rank = (names: string[]): number => (names.includes(name) ? 0 : names.includes("*") || names.includes("default") ? 1 : 2);
  return [...links].sort((a, b) => rank(a.names) - rank(b.names) || a.path.localeCompare(b.path));
}

function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`);
}

const DECLARATION_PREFIX = /\b(function\*?|class|def|interface|type|enum|const|let|var)\s+$/;
const IMPORT_LINE = /^\s*(import\b|from\s+\S+\s+import\b|export\s+(\*|\{[^}]*\})\s+from\b)|\brequire\(/;

/** A line that uses the name `pattern` matches: not its declaration, an import or a comment. */
function isUse(line: string, pattern: RegExp): boolean {
  const match = pattern.exec(line);
  if (!match) return false;
  const trimmed = line.trimStart();
  if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("#")) return false;
  return !IMPORT_LINE.test(line) && !DECLARATION_PREFIX.test(line.slice(0, match.index));
}

function windowSection(title: string, path: string, lines: string[], line: number, reason: "call site" | "importer", window = CALL_SITE_WINDOW): ContextSection {
  const startLine = Math.max(1, line - window);
  const endLine = Math.min(lines.length, line + window);
  return { title, path, startLine, endLine, text: lines.slice(startLine - 1, endLine).join("\n"), reason };
}

/** Resolves to `fallback` when `work` takes longer than `ms` (the work itself goes on; its result is dropped). */
export function withinBudget<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

export function isDefinitionOf(hit: SearchHit, name: string): boolean {
  if (hit.kind === "window" || hit.kind === "module") return false;
  return hit.symbol === name || (hit.symbol?.endsWith(`.${name}`) ?? false) || hit.reasons.some((r) => r.kind === "definition");
}

export function overlapsTarget(hit: { path: string; startLine: number; endLine: number }, request: ContextRequest): boolean {
  return hit.path === request.path && hit.startLine <= request.target.endLine && hit.endLine >= request.target.startLine;
}

/** Without the in-memory sources: search chunks mentioning the name, within the time budget. */
async function callSitesFromSearch(request: ContextRequest, name: string, sources: ContextSources): Promise<ContextSection[]> {
  if (!sources.search) return [];
  const found = await withinBudget(sources.search(name, 12), sources.searchBudgetMs ?? DEFAULT_SEARCH_BUDGET_MS, []);
  const hits = found.filter((hit) => !overlapsTarget(hit, request) && !isDefinitionOf(hit, name)).sort((a, b) => b.score - a.score);
  const pattern = wordPattern(name);
  const sections: ContextSection[] = [];
  for (const hit of hits) {
    if (sections.length >= MAX_CALL_SITES) break;
    const text = await sources.readFile(hit.path);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    const use = lines.findIndex((line, index) => index >= hit.startLine - 1 && index < hit.endLine && pattern.test(line));
    if (use >= 0) sections.push(windowSection(`Call site of ${name}`, hit.path, lines, use + 1, "call site"));
  }
  return sections;
}
