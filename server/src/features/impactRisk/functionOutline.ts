import type { Tree } from "web-tree-sitter";
import type { ExportedSymbol } from "../../impact/exportExtract";
import type { ImportLanguage } from "../../impact/parsers";
import type { DeclarationUnit } from "../../indexer/declarations";
import { outlinePython } from "../../indexer/pythonOutline";
import { outlineTypeScript } from "../../indexer/tsOutline";

/** Declaration kinds that get a risk line of their own: code that runs, not types. */
const RISK_KINDS = new Set(["function", "method", "class"]);

/** A function, method or class of a file, with the exported name importers know it by (when it is exported). */
export interface OutlinedFunction {
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  /** The exported symbol this declaration is (or belongs to, for a method of an exported class). */
  exportedAs?: string;
}

/**
 * Functions, methods and classes of one parsed file, in line order. The indexer's outliners are reused so CodeLens
 * lines match the declarations search shows; exports come from the impact graph's extractor and are matched by
 * overlapping lines, which also covers `export default function` and `export { name }` lists.
 */
export function outlineFunctions(tree: Tree, language: ImportLanguage, text: string, exported: readonly ExportedSymbol[]): OutlinedFunction[] {
  const outline = language === "python" ? outlinePython(tree, text) : outlineTypeScript(tree, text);
  const result: OutlinedFunction[] = [];
  const visit = (units: readonly DeclarationUnit[], inheritedExport: string | undefined): void => {
    for (const unit of units) {
      const exportedAs =
        inheritedExport ??
        exported.find((symbol) => symbol.kind !== "reexport" && symbol.startLine <= unit.endLine && symbol.endLine >= unit.startLine)?.name;
      if (RISK_KINDS.has(unit.kind) && unit.symbol) {
        result.push({ name: unit.symbol, kind: unit.kind, startLine: unit.startLine, endLine: unit.endLine, exportedAs });
      }
      if (unit.members) visit(unit.members, exportedAs);
    }
  };
  visit(outline.units, undefined);
  return result.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

