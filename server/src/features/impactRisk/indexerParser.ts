import { sourceParserOver, type SourceParser } from "../../impact/parsers";
import { loadParsers } from "../../indexer/grammars";
import { SYNTAX_LANGUAGES } from "../../indexer/languages";

/**
 * A `SourceParser` for the impact graph built on the indexer's tree-sitter loader. The indexer loads web-tree-sitter's
 * CommonJS build, which works inside the bundled server; the ES build the impact module imports locates its files
 * through `import.meta.url`, which is empty there. Sharing one runtime also avoids loading the grammars twice.
 */
export async function loadIndexerParser(grammarDir: string | undefined): Promise<SourceParser> {
  return sourceParserOver(await loadParsers(SYNTAX_LANGUAGES, grammarDir));
}
