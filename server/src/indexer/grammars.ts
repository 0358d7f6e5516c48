import { existsSync } from "node:fs";
import * as path from "node:path";
import { Language, Parser } from "web-tree-sitter";
import { GRAMMAR_FILES, type SyntaxLanguage } from "./languages";

const RUNTIME_WASM = "web-tree-sitter.wasm";

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
  return grammarDir ? path.join(grammarDir, fileName) : require.resolve(`${packageName}/${fileName}`);
}

function runtimeWasmPath(grammarDir: string | undefined): string {
  return grammarDir ? path.join(grammarDir, RUNTIME_WASM) : require.resolve(`web-tree-sitter/${RUNTIME_WASM}`);
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
export type ParserSet = Map<SyntaxLanguage, Parser>;

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
