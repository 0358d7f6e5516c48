import * as path from "node:path";

/** Languages the chunker parses with tree-sitter; every other language is cut into line windows. */
export type SyntaxLanguage = "typescript" | "tsx" | "javascript" | "python";

export const SYNTAX_LANGUAGES: readonly SyntaxLanguage[] = ["typescript", "tsx", "javascript", "python"];

/** The grammar `.wasm` file (as shipped in the grammar packages and copied to dist/grammars/) for each language. */
export const GRAMMAR_FILES: Record<SyntaxLanguage, { packageName: string; fileName: string }> = {
  typescript: { packageName: "tree-sitter-typescript", fileName: "tree-sitter-typescript.wasm" },
  tsx: { packageName: "tree-sitter-typescript", fileName: "tree-sitter-tsx.wasm" },
  javascript: { packageName: "tree-sitter-javascript", fileName: "tree-sitter-javascript.wasm" },
  python: { packageName: "tree-sitter-python", fileName: "tree-sitter-python.wasm" },
};

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: "typescript", mts: "typescript", cts: "typescript",
  tsx: "tsx",
  js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript",
  py: "python", pyi: "python", pyw: "python",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin", kts: "kotlin",
  c: "c", h: "c",
  cc: "cpp", cpp: "cpp", cxx: "cpp", hpp: "cpp", hh: "cpp", hxx: "cpp", ipp: "cpp",
  cs: "csharp",
  rb: "ruby", rake: "ruby", gemspec: "ruby",
  php: "php",
  swift: "swift",
  scala: "scala", sc: "scala",
  sh: "shell", bash: "shell", zsh: "shell", fish: "shell",
  sql: "sql",
  md: "markdown", markdown: "markdown", mdx: "markdown",
  json: "json", jsonc: "json", json5: "json",
  yaml: "yaml", yml: "yaml",
  toml: "toml",
  css: "css",
  scss: "scss", sass: "scss",
  html: "html", htm: "html",
  vue: "vue",
  svelte: "svelte",
};

/** Files known by their whole name rather than an extension. */
const LANGUAGE_BY_FILE_NAME: Record<string, string> = {
  dockerfile: "shell",
  makefile: "shell",
  gemfile: "ruby",
  rakefile: "ruby",
  ".bashrc": "shell",
  ".zshrc": "shell",
  ".profile": "shell",
};

/** The language id of a workspace-relative path; "text" when nothing more specific is known. */
export function languageForPath(relPath: string): string {
  const baseName = path.posix.basename(relPath).toLowerCase();
  const byName = LANGUAGE_BY_FILE_NAME[baseName];
  if (byName) return byName;
  const dot = baseName.lastIndexOf(".");
  if (dot <= 0) return "text";
  return LANGUAGE_BY_EXTENSION[baseName.slice(dot + 1)] ?? "text";
}

/** True when the chunker parses this language with tree-sitter. */
export function isSyntaxLanguage(language: string): language is SyntaxLanguage {
  return (SYNTAX_LANGUAGES as readonly string[]).includes(language);
}
