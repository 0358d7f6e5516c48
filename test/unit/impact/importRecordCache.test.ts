import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ImpactWorkspace } from "../../../server/src/impact/impactWorkspace";
import { ImportGraphBuilder, type ImportGraph } from "../../../server/src/impact/importGraph";
import type { IdentifierIndex } from "../../../server/src/impact/identifierIndex";
import { ImportRecordCache, contentHash } from "../../../server/src/impact/importRecordCache";
import { loadSourceParser, type SourceParser } from "../../../server/src/impact/parsers";
import { encodeSortedIds } from "../../../server/src/util/sortedIdCodec";

describe("import record cache (reopening a workspace without parsing it again)", () => {
  let parser: SourceParser;
  let root: string;
  let cachePath: string;
  /** Files the real parser was asked to parse, in order. */
  let parsed: string[];
  let countingParser: SourceParser;

  before(async () => {
    parser = await loadSourceParser();
  });
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "vibe-record-cache-"));
    cachePath = path.join(root, ".storage", "import-records.json");
    parsed = [];
    countingParser = {
      parse: (language, text) => {
        parsed.push(text.split("\n")[0] ?? "");
        return parser.parse(language, text);
      },
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(files: Record<string, string>): void {
    for (const [relative, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    }
  }

  /** One build the way a (re)opened workspace does it: open the cache, build, save. */
  async function build(files: string[]): Promise<{ graph: ImportGraph; cache: ImportRecordCache; problems: string[]; identifiers: IdentifierIndex }> {
    const problems: string[] = [];
    const cache = await ImportRecordCache.open(cachePath, (problem) => problems.push(problem));
    const builder = new ImportGraphBuilder({ root, files, parser: countingParser, recordCache: cache });
    const graph = await builder.build();
    await cache.save();
    return { graph, cache, problems, identifiers: builder.identifiers };
  }

  function namesIn(identifiers: IdentifierIndex, file: string): string[] {
    const list = identifiers.identifiersOf(file);
    return list ? Array.from(list.ids, (id) => list.names[id]).sort() : [];
  }

  function edges(graph: ImportGraph, files: string[]): string[] {
    return files.flatMap((file) => graph.importsOf(file).map((edge) => `${edge.from} -> ${edge.to} (line ${edge.line}, ${edge.names.join(",")})`)).sort();
  }

  const FILES = {
    "src/a.ts": '// a\nimport { b } from "./b";\nexport const a = b + 1;\n',
    "src/b.ts": '// b\nimport { c } from "./c";\nexport const b = c * 2;\n',
    "src/c.ts": "// c\nexport const c = 3;\n",
  };
  const PATHS = Object.keys(FILES);

  it("a second build parses no unchanged file and gives the same graph; an edited file is parsed again and its new imports win", async () => {
    write(FILES);
    const first = await build(PATHS);
    assert.equal(parsed.length, 3);
    assert.deepEqual(first.cache.stats, { hits: 0, misses: 3 });
    const firstEdges = edges(first.graph, PATHS);
    assert.deepEqual(firstEdges, ["src/a.ts -> src/b.ts (line 2, b)", "src/b.ts -> src/c.ts (line 2, c)"]);

    parsed = [];
    const second = await build(PATHS);
    assert.deepEqual(parsed, [], "nothing is parsed when no file changed");
    assert.deepEqual(second.cache.stats, { hits: 3, misses: 0 });
    assert.deepEqual(edges(second.graph, PATHS), firstEdges);

    // b.ts now imports a.ts instead of c.ts, with the same length: only the content hash can tell.
    write({ "src/b.ts": '// b\nimport { a } from "./a";\nexport const b = a * 2;\n' });
    parsed = [];
    const third = await build(PATHS);
    assert.deepEqual(parsed, ["// b"], "only the edited file is parsed");
    assert.deepEqual(edges(third.graph, PATHS), ["src/a.ts -> src/b.ts (line 2, b)", "src/b.ts -> src/a.ts (line 2, a)"]);
    assert.deepEqual(third.graph.importersOf("src/c.ts"), [], "the old import of c.ts is gone");
  });

  it("a cached import resolves against today's files: a module created since the last build is found", async () => {
    write({ "src/a.ts": FILES["src/a.ts"] });
    const first = await build(["src/a.ts"]);
    assert.deepEqual(edges(first.graph, ["src/a.ts"]), [], "./b does not exist yet");

    write({ "src/b.ts": "// b\nexport const b = 1;\n" });
    parsed = [];
    const second = await build(["src/a.ts", "src/b.ts"]);
    assert.deepEqual(parsed, ["// b"], "a.ts came from the cache");
    assert.deepEqual(edges(second.graph, ["src/a.ts"]), ["src/a.ts -> src/b.ts (line 2, b)"]);
  });

  it("a corrupt cache file is reported and rebuilt, and a cache from another extractor version is not trusted", async () => {
    write(FILES);
    mkdirSync(path.dirname(cachePath), { recursive: true });
    writeFileSync(cachePath, '{"version": "1.1", "entries": {"src/a.ts": ');
    const first = await build(PATHS);
    assert.equal(first.problems.length, 1);
    assert.match(first.problems[0]!, /import cache .* is unreadable.*every file will be parsed/);
    assert.equal(parsed.length, 3);
    assert.equal(edges(first.graph, PATHS).length, 2);
    assert.doesNotThrow(() => JSON.parse(readFileSync(cachePath, "utf8")), "the rebuilt cache is valid JSON");

    // Records that would add an import of z.ts, written under a version this code did not write: ignored.
    const forged = { specifier: "./z", line: 1, kind: "import", names: ["z"], typeOnly: false };
    write({ "src/z.ts": "// z\nexport const z = 0;\n" });
    const hashOfA = contentHash(readFileSync(path.join(root, "src/a.ts")));
    writeFileSync(cachePath, JSON.stringify({ version: "0.0", entries: { "src/a.ts": { hash: hashOfA, records: [forged] } } }));
    parsed = [];
    const second = await build([...PATHS, "src/z.ts"]);
    assert.deepEqual(second.problems, []);
    assert.equal(parsed.length, 4, "every file is parsed again");
    assert.deepEqual(second.graph.importersOf("src/z.ts"), []);
  });

  it("files deleted from the workspace leave the cache", async () => {
    write(FILES);
    await build(PATHS);
    unlinkSync(path.join(root, "src/c.ts"));
    await build(["src/a.ts", "src/b.ts"]);
    const stored = JSON.parse(readFileSync(cachePath, "utf8")) as { entries: Record<string, unknown> };
    assert.deepEqual(Object.keys(stored.entries).sort(), ["src/a.ts", "src/b.ts"]);
  });

  it("an impact workspace with a storage folder keeps the cache there, and a reopened one builds the same graph from it", async () => {
    write(FILES);
    const storageDir = path.join(root, ".storage");
    const listFiles = async (): Promise<string[]> => PATHS;
    const first = new ImpactWorkspace({ root, storageDir, parser: countingParser, listFiles });
    await first.refresh();
    assert.equal(parsed.length, 3);
    parsed = [];
    const reopened = new ImpactWorkspace({ root, storageDir, parser: countingParser, listFiles });
    await reopened.refresh();
    assert.deepEqual(parsed, []);
    assert.deepEqual(edges(reopened.graph!, PATHS), edges(first.graph!, PATHS));
    assert.equal(edges(reopened.graph!, PATHS).length, 2);
  });

  it("a reopened build takes unchanged files' identifiers from the cache, and scans an edited file or a damaged list again", async () => {
    write({
      "src/mount.ts": "export function mountComponent(vnode) { return patchFlags(vnode); }\n",
      "src/render.ts": 'import { mountComponent } from "./mount";\nexport const renderRoot = (tree) => mountComponent(tree);\n',
      "src/flags.ts": "export const patchFlags = (vnode) => vnode.shapeFlag;\n",
    });
    const files = ["src/mount.ts", "src/render.ts", "src/flags.ts"];
    const first = await build(files);
    const scanned = Object.fromEntries(files.map((file) => [file, namesIn(first.identifiers, file)]));
    assert.deepEqual(scanned["src/flags.ts"], ["const", "export", "patchFlags", "shapeFlag", "vnode"]);

    // Proof that the lists are read, not rescanned: flags.ts's saved list is swapped for one naming something it
    // does not contain (same content hash), and render.ts's list is damaged.
    const stored = JSON.parse(readFileSync(cachePath, "utf8")) as { vocabulary: string[]; entries: Record<string, { identifiers?: string }> };
    assert.equal(typeof stored.entries["src/mount.ts"]?.identifiers, "string");
    stored.vocabulary.push("plantedName");
    stored.entries["src/flags.ts"]!.identifiers = encodeSortedIds([stored.vocabulary.length - 1]);
    stored.entries["src/render.ts"]!.identifiers = "%%";
    writeFileSync(cachePath, JSON.stringify(stored));
    write({ "src/mount.ts": "export function mountComponent(vnode, hydrating) { return patchFlags(vnode); }\n" });

    parsed = [];
    const second = await build(files);
    assert.deepEqual(second.problems, []);
    assert.deepEqual(namesIn(second.identifiers, "src/flags.ts"), ["plantedName"], "taken from the cache");
    assert.deepEqual(namesIn(second.identifiers, "src/render.ts"), scanned["src/render.ts"], "a damaged list is replaced by a scan");
    assert.deepEqual(namesIn(second.identifiers, "src/mount.ts"), [...scanned["src/mount.ts"]!, "hydrating"].sort(), "the edited file is scanned");
    assert.deepEqual(parsed, ["export function mountComponent(vnode, hydrating) { return patchFlags(vnode); }"], "only the edited file is parsed");

    // The save after the second build repaired render.ts's list and kept the others: a third build reads them all.
    const third = await build(files);
    for (const file of files) assert.deepEqual(namesIn(third.identifiers, file), namesIn(second.identifiers, file), file);
  });
});
