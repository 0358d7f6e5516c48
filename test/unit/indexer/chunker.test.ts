import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { createChunker, type Chunker } from "../../../server/src/indexer/chunker";
import { MAX_CHUNK_CHARS, MAX_CHUNK_LINES, WINDOW_LINES } from "../../../server/src/indexer/chunkLayout";
import { languageForPath } from "../../../server/src/indexer/languages";
import type { Chunk, SourceFile } from "../../../server/src/indexer/types";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "chunker");
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

/** What a golden file records per chunk: enough to see the structure, not so much that every edit breaks it. */
interface GoldenChunk {
  kind: string;
  symbol?: string;
  startLine: number;
  endLine: number;
}

function sourceFile(relPath: string, text: string, language = languageForPath(relPath)): SourceFile {
  return { path: relPath, text, contentHash: "", size: Buffer.byteLength(text), mtimeMs: 0, language };
}

function fixtureInputs(): { language: string; file: string }[] {
  return readdirSync(FIXTURES).flatMap((language) =>
    readdirSync(path.join(FIXTURES, language))
      .filter((name) => name.startsWith("input."))
      .map((name) => ({ language, file: path.join(FIXTURES, language, name) })),
  );
}

/** Every line with non-blank text lies inside at least one chunk, and chunk text is exactly the file's lines. */
function assertCoversEveryLine(text: string, chunks: Chunk[], label: string): void {
  const lines = text.split(/\r?\n/);
  const covered = new Set<number>();
  for (const chunk of chunks) {
    assert.ok(chunk.startLine >= 1 && chunk.endLine <= lines.length && chunk.startLine <= chunk.endLine, `${label}: bad range`);
    assert.equal(chunk.text.replace(/\r\n/g, "\n"), lines.slice(chunk.startLine - 1, chunk.endLine).join("\n"), `${label}: text of ${chunk.startLine}-${chunk.endLine}`);
    for (let line = chunk.startLine; line <= chunk.endLine; line++) covered.add(line);
  }
  lines.forEach((line, index) => {
    if (line.trim()) assert.ok(covered.has(index + 1), `${label}: line ${index + 1} is in no chunk: ${JSON.stringify(line)}`);
  });
}

function assertWellFormed(chunks: Chunk[], language: string): void {
  chunks.forEach((chunk, index) => {
    assert.equal(chunk.ordinal, index);
    assert.equal(chunk.language, language);
    assert.equal(chunk.chunkHash, createHash("sha256").update(`${language}\0${chunk.text}`).digest("hex"));
    if (index > 0) assert.ok(chunk.startLine >= chunks[index - 1].startLine, "chunks come in file order");
  });
}

describe("chunker", () => {
  let chunker: Chunker;

  before(async () => {
    chunker = await createChunker();
  });

  describe("golden files", () => {
    for (const { language, file } of fixtureInputs()) {
      it(`chunks ${language}/${path.basename(file)} as recorded in expected.json`, () => {
        const text = readFileSync(file, "utf8");
        const relPath = `src/${path.basename(file)}`;
        const chunks = chunker.chunk(sourceFile(relPath, text));
        const actual: GoldenChunk[] = chunks.map(({ kind, symbol, startLine, endLine }) =>
          symbol === undefined ? { kind, startLine, endLine } : { kind, symbol, startLine, endLine },
        );
        const expectedFile = path.join(path.dirname(file), "expected.json");
        if (UPDATE_GOLDEN) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, "utf8")));
        assertWellFormed(chunks, languageForPath(relPath));
      });
    }
  });

  it("covers every non-blank line of every fixture", () => {
    for (const { language, file } of fixtureInputs()) {
      const text = readFileSync(file, "utf8");
      assertCoversEveryLine(text, chunker.chunk(sourceFile(path.basename(file), text)), language);
    }
  });

  it("covers every non-blank line of real code: this repository's server and test sources", () => {
    const repo = path.join(__dirname, "..", "..", "..");
    const files = ["server/src/indexer", "server/src/text", "test/unit/indexer"].flatMap((dir) =>
      readdirSync(path.join(repo, dir)).filter((name) => name.endsWith(".ts")).map((name) => `${dir}/${name}`),
    );
    assert.ok(files.length > 10);
    for (const relPath of files) {
      const text = readFileSync(path.join(repo, relPath), "utf8");
      const chunks = chunker.chunk(sourceFile(relPath, text));
      assertCoversEveryLine(text, chunks, relPath);
      assertWellFormed(chunks, "typescript");
    }
  });

  it("returns no chunks for an empty or whitespace-only file", () => {
    assert.deepEqual(chunker.chunk(sourceFile("a.ts", "")), []);
    assert.deepEqual(chunker.chunk(sourceFile("a.py", "\n\n   \t\n")), []);
    assert.deepEqual(chunker.chunk(sourceFile("a.go", " \n")), []);
  });

  it("records the doc comment and declaration head as the signature, and the names a chunk defines", () => {
    const text = readFileSync(path.join(FIXTURES, "typescript", "input.ts"), "utf8");
    const chunks = chunker.chunk(sourceFile("cache.ts", text));
    const bySymbol = new Map(chunks.map((chunk) => [chunk.symbol, chunk]));
    const ttl = bySymbol.get("ttlFromEnv");
    assert.equal(ttl?.signature, "/** Reads an environment variable as milliseconds. */\nexport function ttlFromEnv(name: string, fallback = DEFAULT_TTL_MS): number");
    const cache = bySymbol.get("TtlCache");
    assert.ok(cache?.signature?.startsWith("/**\n * Keeps values for a limited time.\n */\n@sealed\nexport class TtlCache<V>"));
    assert.deepEqual(cache?.definitions, ["TtlCache", "TtlCache.constructor", "TtlCache.get", "TtlCache.set", "TtlCache.onEvict", "TtlCache.now"]);
    const module = chunks.find((chunk) => chunk.kind === "module" && chunk.text.includes("let hits"));
    assert.deepEqual(module?.definitions, ["DEFAULT_TTL_MS", "hits", "misses"]);
  });

  it("puts the Python docstring in the signature", () => {
    const text = readFileSync(path.join(FIXTURES, "python", "input.py"), "utf8");
    const total = chunker.chunk(sourceFile("inv.py", text)).find((chunk) => chunk.symbol === "total");
    assert.equal(total?.signature, 'def total(items: Iterable[Item]) -> int:\n"""Sum of all quantities."""');
  });

  it("finds signatures at the right place after non-ASCII text", () => {
    const text = "// Größe: 🚀 ünïcödé\nconst s = \"日本語\";\n\n/** Dëcläre. */\nexport function größe(x: number): number {\n  return x;\n}\n";
    const fn = chunker.chunk(sourceFile("u.ts", text)).find((chunk) => chunk.kind === "function");
    assert.equal(fn?.signature, "/** Dëcläre. */\nexport function größe(x: number): number");
    assert.equal(fn?.startLine, 4);
  });

  it("splits an oversize function into consecutive parts with the same symbol, dropping nothing", () => {
    const body = Array.from({ length: 300 }, (_, index) => `  total += compute(${index});`).join("\n");
    const text = `import { compute } from "./compute";\n\nexport function huge(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    const chunks = chunker.chunk(sourceFile("huge.ts", text));
    const parts = chunks.filter((chunk) => chunk.symbol === "huge");
    assert.ok(parts.length >= 3, `expected at least 3 parts, got ${parts.length}`);
    for (const part of parts) {
      assert.equal(part.kind, "function");
      assert.ok(part.endLine - part.startLine + 1 <= MAX_CHUNK_LINES && part.text.length <= MAX_CHUNK_CHARS);
      assert.ok(part.signature?.startsWith("export function huge()"));
    }
    for (let index = 1; index < parts.length; index++) assert.equal(parts[index].startLine, parts[index - 1].endLine + 1);
    assert.equal(parts[0].startLine, 3);
    assert.equal(parts[parts.length - 1].endLine, 306);
    assertCoversEveryLine(text, chunks, "huge.ts");
  });

  it("cuts a big class into a header chunk and one chunk per method", () => {
    const methods = Array.from({ length: 12 }, (_, index) => {
      const lines = Array.from({ length: 10 }, (__, line) => `    this.value += ${index * line};`).join("\n");
      return `  /** Step ${index}. */\n  step${index}(): void {\n${lines}\n  }`;
    }).join("\n\n");
    const text = `export class Machine {\n  private value = 0;\n  readonly name = "m";\n\n${methods}\n}\n`;
    const chunks = chunker.chunk(sourceFile("machine.ts", text));
    assert.equal(chunks[0].kind, "class");
    assert.equal(chunks[0].symbol, "Machine");
    assert.deepEqual([chunks[0].startLine, chunks[0].endLine], [1, 3]);
    const methodChunks = chunks.filter((chunk) => chunk.kind === "method");
    assert.deepEqual(methodChunks.map((chunk) => chunk.symbol), Array.from({ length: 12 }, (_, index) => `Machine.step${index}`));
    assert.ok(methodChunks[0].text.startsWith("  /** Step 0. */"), "the doc comment belongs to its method");
    assert.equal(chunks[chunks.length - 1].endLine, text.split("\n").length - 1, "the closing brace joins the last method");
    assertCoversEveryLine(text, chunks, "machine.ts");
  });

  it("still chunks a file with syntax errors, keeping the declarations that parsed", () => {
    const text = [
      "export function good(a: number): number {",
      "  return a + 1;",
      "}",
      "",
      "function broken(a: number {",
      "  if (a > ) {",
      "    return ;;; }",
      "",
      "export class Later {",
      "  run(): void {}",
      "}",
      "",
      "const tail = 1;",
    ].join("\n");
    const chunks = chunker.chunk(sourceFile("broken.ts", text));
    assert.ok(chunks.length > 0);
    assert.ok(chunks.some((chunk) => chunk.symbol === "good" && chunk.kind === "function"));
    assertCoversEveryLine(text, chunks, "broken.ts");
  });

  it("chunks text that is not code at all in a syntax language without losing lines", () => {
    const text = "Dear reader,\nthis is not TypeScript { at all ) ]\n\n" + "lorem ipsum dolor\n".repeat(400);
    const chunks = chunker.chunk(sourceFile("notes.ts", text));
    assertCoversEveryLine(text, chunks, "notes.ts");
    for (const chunk of chunks) assert.ok(chunk.endLine - chunk.startLine + 1 <= MAX_CHUNK_LINES);
  });

  it("cuts languages without a grammar into overlapping line windows", () => {
    const text = Array.from({ length: 150 }, (_, index) => `line ${index + 1}`).join("\n");
    const chunks = chunker.chunk(sourceFile("notes.rb", text));
    assert.deepEqual(chunks.map((chunk) => [chunk.kind, chunk.startLine, chunk.endLine]), [
      ["window", 1, 60],
      ["window", 51, 110],
      ["window", 101, 150],
    ]);
    assert.equal(chunks[0].endLine - chunks[0].startLine + 1, WINDOW_LINES);
    assert.equal(chunks[0].language, "ruby");
  });

  it("keeps CRLF line endings in chunk text and counts lines the same way", () => {
    const text = "import a from \"a\";\r\n\r\nexport function f(): number {\r\n  return a;\r\n}\r\n";
    const chunks = chunker.chunk(sourceFile("crlf.ts", text));
    const fn = chunks.find((chunk) => chunk.symbol === "f");
    assert.equal(fn?.text, "export function f(): number {\r\n  return a;\r\n}");
    assert.deepEqual([fn?.startLine, fn?.endLine], [3, 5]);
  });

  it("gives equal text in the same language the same chunk hash, whatever the file", () => {
    const text = "export function same(): number {\n  return 1;\n}\n";
    const [a] = chunker.chunk(sourceFile("a.ts", text));
    const [b] = chunker.chunk(sourceFile("b/c.ts", text));
    const [js] = chunker.chunk(sourceFile("a.js", text.replace(": number", "")));
    assert.equal(a.chunkHash, b.chunkHash);
    assert.notEqual(a.chunkHash, js.chunkHash);
  });
});
