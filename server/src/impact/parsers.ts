import { existsSync } from "node:fs";
import * as path from "node:path";
// `import = require` bundles web-tree-sitter's CommonJS build, as the indexer does (server/src/indexer/grammars.ts):
// the ES build locates itself through `import.meta.url`, which is empty in the CommonJS server bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above.
import TreeSitter = require("web-tree-sitter");

import type { ParserSet } from "../indexer/grammars";

const { Language, Parser } = TreeSitter;
type Tree = TreeSitter.Tree;

/** Languages whose imports the graph understands. */
export type ImportLanguage = "typescript" | "tsx" | "javascript" | "python";

const GRAMMARS: Record<ImportLanguage, { packageName: string; fileName: string }> = {
  typescript: { packageName: "tree-sitter-typescript", fileName: "tree-sitter-typescript.wasm" },
  tsx: { packageName: "tree-sitter-typescript", fileName: "tree-sitter-tsx.wasm" },
  javascript: { packageName: "tree-sitter-javascript", fileName: "tree-sitter-javascript.wasm" },
  python: { packageName: "tree-sitter-python", fileName: "tree-sitter-python.wasm" },
};

const EXTENSION_LANGUAGE: Record<string, ImportLanguage> = {
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".py": "python",
  ".pyi": "python",
};

/** The import language of a path, or undefined for files the graph does not parse. */
export function importLanguageOf(filePath: string): ImportLanguage | undefined {
  if (filePath.endsWith(".d.ts")) return "typescript";
  return EXTENSION_LANGUAGE[path.posix.extname(filePath).toLowerCase()];
}

/**
 * Parses source text into a tree-sitter tree. The indexer owns a parser set too; the server can hand its parse to
 * `extractImports` instead, so one parse serves both.
 */
export interface SourceParser {
  parse(language: ImportLanguage, text: string): Tree | undefined;
}

/** A `SourceParser` over parsers the indexer's loader already made (its grammars serve both, loaded once). */
export function sourceParserOver(parsers: ParserSet): SourceParser {
  return {
    parse(language, text) {
      // Both builds of web-tree-sitter declare the same Tree class; only their declaration files differ.
      return (parsers.get(language)?.parse(text) ?? undefined) as Tree | undefined;
    },
  };
}

let runtimeReady: Promise<void> | undefined;

function locate(fileName: string, packageName: string, grammarDirs: readonly string[]): string {
  for (const dir of grammarDirs) {
    const candidate = path.join(dir, fileName);
    if (existsSync(candidate)) return candidate;
  }
  try {
    return require.resolve(`${packageName}/${fileName}`);
  } catch {
    throw new Error(`tree-sitter file ${fileName} not found in ${grammarDirs.join(", ") || "node_modules"}`);
  }
}

/**
 * Loads web-tree-sitter and the four grammars. `grammarDirs` are searched first (the bundled server passes
 * dist/grammars/); code run from source falls back to the grammar packages in node_modules.
 */
export async function loadSourceParser(grammarDirs: readonly string[] = []): Promise<SourceParser> {
  if (!runtimeReady) {
    const runtime = locate("web-tree-sitter.wasm", "web-tree-sitter", grammarDirs);
    runtimeReady = Parser.init({ locateFile: () => runtime }).catch((error: unknown) => {
      runtimeReady = undefined;
      throw error;
    });
  }
  await runtimeReady;
  const parsers = new Map<ImportLanguage, TreeSitter.Parser>();
  for (const language of Object.keys(GRAMMARS) as ImportLanguage[]) {
    const { fileName, packageName } = GRAMMARS[language];
    const parser = new Parser();
    parser.setLanguage(await Language.load(locate(fileName, packageName, grammarDirs)));
    parsers.set(language, parser);
  }
  return {
    parse(language, text) {
      return parsers.get(language)?.parse(text) ?? undefined;
    },
  };
}
