import { strict as assert } from "node:assert";
import { extractImports, type ImportRecord } from "../../../server/src/impact/importExtract";
import type { ImportLanguage, SourceParser } from "../../../server/src/impact/parsers";

/** The import records of `source` parsed on this thread: what the graph builder does without workers. */
export function importsInProcess(parser: SourceParser, source: string, language: ImportLanguage = "typescript"): ImportRecord[] {
  const tree = parser.parse(language, source);
  assert.ok(tree, "the source did not parse");
  try {
    return extractImports(tree, language);
  } finally {
    tree.delete();
  }
}
