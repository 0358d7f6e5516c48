import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { ImportGraph } from "./importGraph";

export interface SymbolUse {
  path: string;
  symbol: string;
  /** 1-based lines of the importer that mention the symbol (the import line included). */
  lines: Array<{ line: number; text: string }>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where the direct importers of `file` use the given exported symbols: an importer counts when its import names the
 * symbol (or takes the whole module), and the use sites are the lines where the identifier appears as a whole word.
 * Identifiers are matched as text, so a shadowing local of the same name can be reported too; that errs on the side
 * of showing a call site rather than hiding one.
 */
export async function findSymbolUses(root: string, graph: ImportGraph, file: string, symbols: readonly string[], maxLinesPerFile = 20): Promise<SymbolUse[]> {
  const uses: SymbolUse[] = [];
  if (symbols.length === 0) return uses;
  for (const edge of graph.importersOf(file)) {
    const wanted = symbols.filter((symbol) => edge.names.includes(symbol) || edge.names.includes("*"));
    if (wanted.length === 0) continue;
    let text: string;
    try {
      text = await readFile(path.join(root, edge.from), "utf8");
    } catch {
      continue;
    }
    const lines = text.split("\n");
    for (const symbol of wanted) {
      if (symbol === "default") {
        uses.push({ path: edge.from, symbol, lines: [{ line: edge.line, text: lines[edge.line - 1]?.trim() ?? "" }] });
        continue;
      }
      const pattern = new RegExp(`(^|[^\\w$.])${escapeRegExp(symbol)}(?![\\w$])|\\.${escapeRegExp(symbol)}(?![\\w$])`);
      const found: SymbolUse["lines"] = [];
      for (let index = 0; index < lines.length && found.length < maxLinesPerFile; index += 1) {
        if (pattern.test(lines[index])) found.push({ line: index + 1, text: lines[index].trim().slice(0, 200) });
      }
      // A namespace import that never mentions the symbol does not use it.
      if (found.length > 0) uses.push({ path: edge.from, symbol, lines: found });
    }
  }
  return uses;
}
