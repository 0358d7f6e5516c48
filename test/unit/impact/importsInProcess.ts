import { strict as assert } from "node:assert";
import { importsOfText, type ImportRecord } from "../../../server/src/impact/importExtract";
import type { ImportLanguage, SourceParser } from "../../../server/src/impact/parsers";

/** The import records of `source` parsed on this thread (what the graph builder does without workers); it must parse. */
export function importsInProcess(parser: SourceParser, source: string, language: ImportLanguage = "typescript"): ImportRecord[] {
  const records = importsOfText(parser, language, source);
  assert.ok(records, "the source did not parse");
  return records;
}
