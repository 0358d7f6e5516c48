import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { SearchHit } from "../../../shared/protocol/search";
import { assembleContext, ContextTooLargeError, estimateTokens, type ContextSources } from "../../../server/src/actions/context";
import { ActionSyntax } from "../../../server/src/actions/syntax";
import { createChunker } from "../../../server/src/indexer/chunker";
import { languageForPath } from "../../../server/src/indexer/languages";
import type { Chunk } from "../../../server/src/indexer/types";
import { FileTermIndex } from "../../../server/src/search/fileTermIndex";
import type { ImportGraphView } from "../../../server/src/serverFeature";

const FILES: Record<string, string> = {
  "src/money.ts": `export class Money {\n  constructor(readonly cents: number) {}\n  static of(amount: number): Money {\n    return new Money(Math.round(amount * 100));\n  }\n}\n`,
  "src/cart.ts": `import { Money } from "./money";\n\nexport class Cart {\n  private prices: number[] = [];\n\n  checkoutTotal(): Money {\n    const sum = this.prices.reduce((a, b) => a + b, 0);\n    return Money.of(sum);\n  }\n}\n`,
  "src/checkout.ts": `import { Cart } from "./cart";\n\nexport function pay(cart: Cart): string {\n  const total = cart.checkoutTotal();\n  return String(total.cents);\n}\n`,
  "src/report.ts": `import { Cart } from "./cart";\n\nexport interface Report {\n  cart: Cart;\n}\n`,
  ".vibe/rules.md": "Use cents for money, never floats.\n",
};

describe("actions: context assembly", () => {
  let root: string;
  let sources: ContextSources;
  let syntax: ActionSyntax;
  let searches = 0;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "vibe-ctx-"));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    syntax = await ActionSyntax.load();
    // A small real index: the indexer's own chunks, matched by symbol or text, standing in for the LanceDB search.
    const chunker = await createChunker();
    const chunks: Chunk[] = Object.entries(FILES)
      .filter(([path]) => path.endsWith(".ts"))
      .flatMap(([path, text]) => chunker.chunk({ path, text, contentHash: "", size: text.length, mtimeMs: 0, language: languageForPath(path) }));
    sources = {
      search: async (query) => {
        searches++;
        return chunks
          .filter((c) => c.definitions.includes(query) || c.text.includes(query))
          .map((c): SearchHit => ({
            path: c.path, startLine: c.startLine, endLine: c.endLine, score: c.definitions.includes(query) ? 2 : 1, language: c.language,
            kind: c.kind, preview: c.text.slice(0, 80), reasons: c.definitions.includes(query) ? [{ kind: "definition" }] : [],
            ...(c.symbol ? { symbol: c.symbol } : {}),
          }));
      },
      readFile: async (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : undefined),
      exists: (path) => existsSync(join(root, path)),
      rules: async () => [{ source: ".vibe/rules.md", text: readFileSync(join(root, ".vibe/rules.md"), "utf8") }],
    };
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  const request = (budgetTokens: number) => {
    const text = FILES["src/cart.ts"];
    const target = { startLine: 6, endLine: 9 };
    return { path: "src/cart.ts", text, target, facts: syntax.facts("src/cart.ts", text, target), budgetTokens };
  };

  it("sends the target, imports, class outline, the definitions it uses, its call sites and the rules", async () => {
    const context = await assembleContext(request(60_000), sources);
    assert.match(context.target.text, /checkoutTotal\(\): Money/);
    const reasons = context.sections.map((s) => `${s.reason}:${s.path}`);
    assert.ok(reasons.includes("imports:src/cart.ts"), reasons.join(", "));
    assert.ok(reasons.includes("enclosing class:src/cart.ts"));
    const money = context.sections.find((s) => s.title === "Definition of Money");
    assert.equal(money?.path, "src/money.ts", "the definition comes from the imported file");
    const call = context.sections.find((s) => s.reason === "call site");
    assert.equal(call?.path, "src/checkout.ts");
    assert.match(call?.text ?? "", /cart\.checkoutTotal\(\)/);
    assert.equal(context.rules[0].text.trim(), "Use cents for money, never floats.");
    assert.deepEqual(context.files[0], { path: "src/cart.ts", startLine: 6, endLine: 9, reason: "target" }, "the record lists exactly what was sent");
    assert.ok(context.related.some((r) => r.path === "src/money.ts" && r.symbol === "Money" && r.reason === "definition"));
  });

  it("stays within a small model's budget by leaving out related snippets", async () => {
    const target = estimateTokens(request(0).text.split("\n").slice(5, 9).join("\n"));
    const context = await assembleContext(request(target + 15), sources);
    assert.ok(context.usedTokens <= target + 15);
    assert.ok(context.dropped > 0);
  });

  it("refuses a target larger than the budget with a clear message", async () => {
    await assert.rejects(assembleContext(request(5), sources), (e: unknown) => e instanceof ContextTooLargeError && /Select a smaller range/.test(e.message));
  });

  it("works with the target alone when there is no search, and costs a bounded number of searches", async () => {
    const bare = await assembleContext(request(60_000), { readFile: sources.readFile, exists: sources.exists });
    assert.ok(bare.sections.every((s) => s.path === "src/cart.ts"));
    searches = 0;
    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await assembleContext(request(60_000), sources);
      timings.push(performance.now() - started);
    }
    assert.ok(searches / 20 <= 7, `${searches / 20} searches per request`);
    timings.sort((a, b) => a - b);
    process.stdout.write(`      (context assembly median ${timings[10].toFixed(2)} ms, p95 ${timings[18].toFixed(2)} ms, search stubbed by in-memory chunks)\n`);
  });

  // What the impact feature's graph knows about cart.ts: checkout.ts calls into it, report.ts only names the type.
  const graph: ImportGraphView = {
    importersOf: (path) =>
      path === "src/cart.ts"
        ? [
            { path: "src/report.ts", line: 1, names: ["Cart"] },
            { path: "src/checkout.ts", line: 1, names: ["Cart"] },
          ]
        : [],
    importsOf: (path) => (path === "src/cart.ts" ? [{ path: "src/money.ts", line: 1, names: ["Money"] }] : []),
  };
  const fileSources = (): Pick<ContextSources, "readFile" | "exists"> => ({ readFile: sources.readFile, exists: sources.exists });

  it("sends a call site from a file that imports the target, found through the import graph alone", async () => {
    const context = await assembleContext(request(60_000), { ...fileSources(), importGraph: graph });
    const call = context.sections.find((s) => s.path === "src/checkout.ts");
    assert.equal(call?.reason, "importer", JSON.stringify(context.sections.map((s) => `${s.reason}:${s.path}`)));
    assert.match(call?.text ?? "", /cart\.checkoutTotal\(\)/);
    assert.deepEqual(
      context.related.filter((r) => r.importsTarget),
      [
        { path: "src/checkout.ts", startLine: 2, endLine: 6, reason: "call site", importsTarget: true },
        { path: "src/report.ts", startLine: 1, endLine: 1, reason: "import", importsTarget: true },
      ],
      "the importer that calls the target comes first; the one that only imports it is shown by its import line",
    );
    assert.ok(context.files.some((f) => f.path === "src/checkout.ts" && f.reason === "importer"), "the context record names the importer");
  });

  it("finds call sites with the in-memory term index and the symbol index, without a hybrid search", async () => {
    const terms = new FileTermIndex();
    for (const [path, text] of Object.entries(FILES)) if (path.endsWith(".ts")) terms.setFile(path, [text]);
    let searched = 0;
    const context = await assembleContext(request(60_000), {
      ...fileSources(),
      search: async () => {
        searched++;
        return [];
      },
      findDefinitions: async (name) => (name === "Money" ? [{ path: "src/money.ts", startLine: 1, endLine: 6, score: 1, language: "typescript", kind: "class", preview: "", symbol: "Money", reasons: [{ kind: "definition" }] }] : []),
      filesMentioning: async (name, limit) => terms.search([name.toLowerCase()], limit).map((entry) => entry.path),
    });
    assert.equal(searched, 0, "no hybrid search was needed");
    const call = context.sections.find((s) => s.reason === "call site");
    assert.equal(call?.path, "src/checkout.ts");
    assert.match(call?.text ?? "", /cart\.checkoutTotal\(\)/);
    assert.ok(context.related.some((r) => r.path === "src/money.ts" && r.reason === "definition"));
  });

  it("goes without call sites when the fallback search does not answer within its budget", async () => {
    const context = await assembleContext(request(60_000), {
      ...fileSources(),
      search: () => new Promise<SearchHit[]>(() => undefined),
      searchBudgetMs: 10,
    });
    assert.ok(context.sections.every((s) => s.path === "src/cart.ts"), "only the target file's own sections");
  });
});
