import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
// `import = require` makes esbuild bundle web-tree-sitter's CommonJS build. Its ES build locates itself through
// `import.meta.url`, which is empty in the CommonJS server bundle and makes Parser.init fail there.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above.
import TreeSitter = require("web-tree-sitter");
import { GRAMMAR_FILES, type SyntaxLanguage } from "./languages";

const { Language, Parser } = TreeSitter;

const RUNTIME_WASM = "web-tree-sitter.wasm";

/** Resolves files inside node_modules when running from source; a plain `require.resolve` would make esbuild warn. */
const resolveFromSource = createRequire(__filename).resolve;

/**
 * Where the `.wasm` files live. The bundled server (dist/server/*.js) finds them in dist/grammars/, where
 * esbuild.config.mjs copies them; code running from source (tests, via tsx) resolves them inside node_modules.
 */
export function defaultGrammarDir(): string | undefined {
  const bundled = path.join(__dirname, "..", "grammars");
  return existsSync(path.join(bundled, RUNTIME_WASM)) ? bundled : undefined;
}

function grammarPath(language: SyntaxLanguage, grammarDir: string | undefined): string {
  const { packageName, fileName } = GRAMMAR_FILES[language];
  return grammarDir ? path.join(grammarDir, fileName) : resolveFromSource(`${packageName}/${fileName}`);
}

function runtimeWasmPath(grammarDir: string | undefined): string {
  return grammarDir ? path.join(grammarDir, RUNTIME_WASM) : resolveFromSource(`web-tree-sitter/${RUNTIME_WASM}`);
}

/** Parser.init sets up one WebAssembly module per thread, so it must run once however many chunkers exist. */
let parserReady: Promise<void> | undefined;

function initParser(grammarDir: string | undefined): Promise<void> {
  if (!parserReady) {
    const wasm = runtimeWasmPath(grammarDir);
    if (!existsSync(wasm)) throw new Error(`tree-sitter runtime not found at ${wasm}`);
    parserReady = Parser.init({ locateFile: () => wasm }).catch((error: unknown) => {
      parserReady = undefined;
      throw error;
    });
  }
  return parserReady;
}

/** One parser per language, reused for every file (creating one costs far more than resetting it). */
export type ParserSet = Map<SyntaxLanguage, TreeSitter.Parser>;

/** Loads the runtime and every grammar; fails with the path of any missing file so a broken install is obvious. */
export async function loadParsers(
  languages: readonly SyntaxLanguage[],
  grammarDir: string | undefined,
): Promise<ParserSet> {
  const directory = grammarDir ?? defaultGrammarDir();
  await initParser(directory);
  const parsers: ParserSet = new Map();
  for (const language of languages) {
    const file = grammarPath(language, directory);
    if (!existsSync(file)) throw new Error(`tree-sitter grammar for ${language} not found at ${file}`);
    const parser = new Parser();
    parser.setLanguage(await Language.load(file));
    parsers.set(language, parser);
  }
  return parsers;
}
