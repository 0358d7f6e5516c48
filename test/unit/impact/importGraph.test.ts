import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { extractExports } from "../../../server/src/impact/exportExtract";
import { ImportGraphBuilder, buildImportGraph } from "../../../server/src/impact/importGraph";
import { loadSourceParser, type SourceParser } from "../../../server/src/impact/parsers";
import { ParsePool } from "../../../server/src/indexer/parsePool";
import type { Logger } from "../../../server/src/util/logger";
import { importsInProcess } from "./importsInProcess";

describe("import graph (tree-sitter)", () => {
  let parser: SourceParser;
  let root: string;

  before(async () => {
    parser = await loadSourceParser();
  });
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "vibe-graph-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(files: Record<string, string>): string[] {
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    }
    return Object.keys(files);
  }

  const imports = (source: string, language: "typescript" | "javascript" | "python" = "typescript") => importsInProcess(parser, source, language);

  it("finds every kind of TS/JS import and ignores look-alikes in strings and comments", () => {
    const records = imports(`import a, { b as c, type D } from "./x";
import * as ns from '../y';
import type { T } from "./t";
import "./side";
export { q } from "./q";
export * from "./all";
const r = require("./req");
async function f() { return import("./dyn"); }
import e = require("./eq");
const s = \`import x from "./notreal"\`;
const t = "require('./alsonotreal')";
// import y from "./comment"
/* export * from "./comment2" */
`);
    assert.deepEqual(
      records.map((record) => [record.specifier, record.kind, record.line]),
      [
        ["./x", "import", 1],
        ["../y", "import", 2],
        ["./t", "import", 3],
        ["./side", "import", 4],
        ["./q", "export-from", 5],
        ["./all", "export-from", 6],
        ["./req", "require", 7],
        ["./dyn", "dynamic", 8],
        ["./eq", "import-equals", 9],
      ],
    );
    assert.deepEqual(records[0].names, ["default", "b", "D"]);
    assert.deepEqual(records[1].names, ["*"]);
    assert.equal(records[2].typeOnly, true);
    assert.equal(records[0].typeOnly, false);
    assert.deepEqual(records[4].names, ["q"]);
  });

  it("reads JavaScript require/import and Python import forms", () => {
    assert.deepEqual(
      imports(`const a = require('./a'); import b from './b.js'; import('./c')`, "javascript").map((r) => r.specifier),
      ["./a", "./b.js", "./c"],
    );
    const py = imports(`import a.b.c as d, e
from . import x, y
from ..pkg.mod import z
from .m import (u, v)
from os import path
text = "import fake"
`, "python");
    assert.deepEqual(
      py.map((r) => [r.specifier, r.kind, r.names]),
      [
        ["a.b.c", "python-import", ["*"]],
        ["e", "python-import", ["*"]],
        [".", "python-from", ["x", "y"]],
        ["..pkg.mod", "python-from", ["z"]],
        [".m", "python-from", ["u", "v"]],
        ["os", "python-from", ["path"]],
      ],
    );
  });

  it("resolves relative paths, index files, .js→.ts, tsconfig paths/baseUrl with comments, and workspace packages", async () => {
    const files = write({
      "tsconfig.json": `{
        // comments and trailing commas are allowed here
        "extends": "./tsconfig.base.json",
        "compilerOptions": { "baseUrl": ".", },
      }`,
      "tsconfig.base.json": `{ "compilerOptions": { "paths": { "@app/*": ["src/*"], "~config": ["src/config/index.ts"] } } }`,
      "src/main.ts": `import { util } from "./lib";\nimport { helper } from "./helper.js";\nimport { Widget } from "@app/ui/widget";\nimport cfg from "~config";\nimport { shared } from "@acme/shared";\nimport { deep } from "src/deep/thing";\nimport fs from "node:fs";\nimport lodash from "lodash";`,
      "src/lib/index.ts": `export const util = 1;`,
      "src/helper.ts": `export const helper = 1;`,
      "src/ui/widget.tsx": `export const Widget = () => null;`,
      "src/config/index.ts": `export default {};`,
      "src/deep/thing.ts": `export const deep = 1;`,
      "packages/shared/package.json": `{ "name": "@acme/shared", "main": "dist/index.js" }`,
      "packages/shared/src/index.ts": `export const shared = 1;`,
    });
    const graph = await buildImportGraph({ root, files, parser });
    assert.deepEqual(
      graph.importsOf("src/main.ts").map((edge) => [edge.to, edge.line]),
      [
        ["src/lib/index.ts", 1],
        ["src/helper.ts", 2],
        ["src/ui/widget.tsx", 3],
        ["src/config/index.ts", 4],
        ["packages/shared/src/index.ts", 5],
        ["src/deep/thing.ts", 6],
      ],
    );
  });

  it("resolves Python absolute, relative and package imports", async () => {
    const files = write({
      "app/__init__.py": "",
      "app/main.py": "from . import models\nfrom .services.billing import charge\nimport app.util\nfrom app.services import billing\nimport requests\n",
      "app/models.py": "X = 1\n",
      "app/util.py": "def f(): pass\n",
      "app/services/__init__.py": "",
      "app/services/billing.py": "from ..models import X\ndef charge(): pass\n",
    });
    const graph = await buildImportGraph({ root, files, parser });
    assert.deepEqual(graph.importsOf("app/main.py").map((edge) => edge.to), [
      "app/models.py",
      "app/services/billing.py",
      "app/util.py",
      "app/services/billing.py",
    ]);
    assert.deepEqual(graph.importsOf("app/services/billing.py").map((edge) => edge.to), ["app/models.py"]);
  });

  it("lists direct and transitive importers nearest first, survives cycles, and updates one file", async () => {
    const files = write({
      "a.ts": `export const a = 1;`,
      "b.ts": `import { a } from "./a"; export const b = a;`,
      "c.ts": `import { b } from "./b"; import { d } from "./d"; export const c = b;`,
      "d.ts": `import { c } from "./c"; export const d = 1;`,
      "e.ts": `import { d } from "./d";`,
    });
    const builder = new ImportGraphBuilder({ root, files, parser });
    const graph = await builder.build();
    assert.deepEqual(graph.dependents("a.ts").map((dep) => [dep.path, dep.depth]), [["b.ts", 1], ["c.ts", 2], ["d.ts", 3], ["e.ts", 4]]);
    assert.deepEqual(graph.dependents("a.ts", 1).map((dep) => dep.path), ["b.ts"]);
    builder.updateFromText("b.ts", `export const b = 2;`);
    assert.deepEqual(graph.dependents("a.ts"), []);
    assert.deepEqual(graph.importersOf("b.ts").map((edge) => edge.from), ["c.ts"]);
  });

  it("built on parse workers, the graph is exactly the one built on this thread, importer order included", async () => {
    // More files than one build batch, each importing two earlier ones, plus a Python package.
    const sources: Record<string, string> = { "py/pkg/__init__.py": "", "py/pkg/util.py": "def f(): pass\n", "py/main.py": "from pkg import util\nimport pkg.util\n" };
    for (let i = 0; i < 150; i += 1) sources[`src/m${i}.ts`] = `import { v${i % 7} } from "./m${i % 7}";\nimport "./m${Math.floor(i / 2)}";\nexport const v${i} = ${i};\n`;
    const files = write(sources);
    const here = await new ImportGraphBuilder({ root, files, parser }).build();
    const pool = new ParsePool({ size: 2 });
    try {
      const builder = new ImportGraphBuilder({ root, files, parser, extractor: pool });
      const onWorkers = await builder.build();
      assert.equal(builder.workerFailures, 0);
      assert.ok(here.edgeCount > 250, `only ${here.edgeCount} edges`);
      for (const file of files) {
        assert.deepEqual(onWorkers.importsOf(file), here.importsOf(file), `imports of ${file}`);
        assert.deepEqual(onWorkers.importersOf(file), here.importersOf(file), `importers of ${file}`);
      }
    } finally {
      await pool.dispose();
    }
  });

  it("a file a parse worker fails on is parsed on this thread, with one warning", async () => {
    const files = write({ "crash.ts": `import { b } from "./b";`, "b.ts": `import { c } from "./c";`, "c.ts": "export const c = 1;" });
    const warnings: string[] = [];
    const logger: Logger = { error: () => undefined, warn: (message) => void warnings.push(message), info: () => undefined, debug: () => undefined };
    // This worker script exits while handling crash.ts (test/unit/indexer/faultInjection.ts).
    const pool = new ParsePool({ size: 1, workerPath: path.join(__dirname, "../indexer/crashingParse.worker.ts") });
    try {
      const builder = new ImportGraphBuilder({ root, files, parser, logger, extractor: pool });
      const graph = await builder.build();
      assert.equal(builder.workerFailures, 1);
      assert.deepEqual(graph.importsOf("crash.ts").map((edge) => edge.to), ["b.ts"]);
      assert.deepEqual(graph.importsOf("b.ts").map((edge) => edge.to), ["c.ts"]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /parse worker failed on crash\.ts .*parsed on the main thread/);
    } finally {
      await pool.dispose();
    }
  });

  it("skips binary and unreadable files without failing the build", async () => {
    const files = write({ "ok.ts": `import "./gone";`, "gone.ts": "", "weird.ts": "\0\0binary" });
    const graph = await buildImportGraph({ root, files: [...files, "missing.ts"], parser });
    assert.deepEqual(graph.importsOf("ok.ts").map((edge) => edge.to), ["gone.ts"]);
    assert.deepEqual(graph.importsOf("weird.ts"), []);
  });

  it("extracts exported symbols with their lines and signatures", () => {
    const source = `import x from "y";
export function foo(a: number): string {
  return "";
}
const hidden = 1;
export const bar = () => 1, baz = 2;
export default class K {}
export interface I { x: number }
function local(p: string) { return p; }
export { local as renamed };
`;
    const tree = parser.parse("typescript", source);
    assert.ok(tree);
    const exported = extractExports(tree, "typescript");
    tree.delete();
    assert.deepEqual(
      exported.map((symbol) => [symbol.name, symbol.startLine, symbol.endLine]),
      [["foo", 2, 4], ["bar", 6, 6], ["baz", 6, 6], ["default", 7, 7], ["I", 8, 8], ["renamed", 9, 9]],
    );
    assert.equal(exported[0].signature, "function foo(a: number): string");
  });
});
