import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { IdentifierIndex } from "../../../server/src/impact/identifierIndex";
import { ImportGraphBuilder } from "../../../server/src/impact/importGraph";
import { loadSourceParser, type SourceParser } from "../../../server/src/impact/parsers";
import { rankAffected } from "../../../server/src/impact/rankAffected";
import type { AffectedReason } from "../../../shared/protocol/impact";

/** Ten files that all use the same everyday names, so those names weigh nothing. */
function commonFiles(index: IdentifierIndex): void {
  for (let i = 0; i < 10; i += 1) index.setFile(`common${i}.ts`, `export function render() { const value = props.value; return value; }`);
}

describe("identifier index: files that use the same rare names", () => {
  it("weights shared names by rarity and lists the rarest as evidence", () => {
    const index = new IdentifierIndex();
    commonFiles(index);
    index.setFile("renderer.ts", `function patch(props) { const scopeId = vnode.slotScopeIds; setScopeId(el, scopeId); return render(value); }`);
    index.setFile("scopeId.spec.ts", `it("scopeId", () => { expect(slotScopeIds).toBe(render(value)); setScopeId(); })`);
    index.setFile("unrelated.ts", `export function render() { return props.value; }`);
    const overlap = index.overlapWith("renderer.ts");
    assert.ok(overlap);
    const related = overlap("scopeId.spec.ts");
    const unrelated = overlap("unrelated.ts");
    assert.ok(related && unrelated);
    assert.ok(related.share > 0.4, `share ${related.share}`);
    assert.equal(unrelated.share, 0, "names every file uses are no evidence");
    assert.deepEqual([...related.examples].sort(), ["scopeId", "setScopeId", "slotScopeIds"]);
    assert.equal(overlap("not-indexed.ts"), undefined);
  });

  it("updates document frequencies when a file changes or goes away", () => {
    const index = new IdentifierIndex();
    commonFiles(index);
    index.setFile("a.ts", "const uniqueThing = 1;");
    index.setFile("b.ts", "use(uniqueThing);");
    assert.ok((index.overlapWith("a.ts")?.("b.ts")?.share ?? 0) > 0.9);
    index.setFile("b.ts", "use(somethingElse);");
    assert.equal(index.overlapWith("a.ts")?.("b.ts")?.share, 0);
    index.removeFile("b.ts");
    assert.equal(index.overlapWith("a.ts")?.("b.ts"), undefined, "a removed file is no candidate");
    assert.equal(index.fileCount, 11);
  });

  it("ignores identifiers shorter than three characters and survives empty and odd text", () => {
    const index = new IdentifierIndex();
    index.setFile("short.ts", "a b c el fn i j");
    index.setFile("empty.ts", "");
    index.setFile("odd.ts", "\uFFFD\uFFFD ünïcödé 東京 longName");
    assert.equal(index.overlapWith("short.ts"), undefined, "nothing to compare");
    assert.equal(index.overlapWith("empty.ts"), undefined);
    assert.equal(index.fileCount, 3);
  });
});

describe("ranking with shared identifiers", () => {
  let parser: SourceParser;
  let root: string;
  before(async () => {
    parser = await loadSourceParser([]);
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "vibe-identifiers-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("fills the index from the import graph's reads, ranks by it and explains the link", async () => {
    const files: Record<string, string> = {
      "src/hydration.ts": `import { mount } from "./mount";\nexport function hydrateSuspense(node) { return mount(node); }`,
      "src/mount.ts": `export function mount(node) { return node; }`,
    };
    // Everyday names (import, export, function, return, node, mount) occur in most files, so they weigh nothing.
    for (let i = 0; i < 38; i += 1) files[`lib/filler${i}.ts`] = `import { mount } from "../src/mount";\nexport function f${i}(node) { return mount(node); }`;
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const builder = new ImportGraphBuilder({ root, files: Object.keys(files), parser });
    const graph = await builder.build();
    assert.equal(builder.identifiers.fileCount, 40);
    const isCandidate = (path: string): boolean => path === "src/mount.ts";
    const mountFrom = (): { score: number; reasons: AffectedReason[] } | undefined => rankAffected("src/hydration.ts", { graph, identifiers: builder.identifiers, isCandidate })[0];
    const before = mountFrom();
    assert.ok(before, "the import links mount.ts");
    assert.equal(before.reasons.some((reason) => reason.kind === "shared-identifiers"), false, "only everyday names in common");

    builder.updateFromText("src/hydration.ts", `import { mount } from "./mount";\nexport function hydrateSuspense(node) { return mount(suspenseBoundary, pendingBranch); }`);
    builder.updateFromText("src/mount.ts", `export function mount(node) { return suspenseBoundary(pendingBranch(node)); }`);
    const after = mountFrom();
    const reason = after?.reasons.find((item) => item.kind === "shared-identifiers");
    assert.ok(after && reason && reason.kind === "shared-identifiers", JSON.stringify(after?.reasons));
    assert.deepEqual([...reason.examples].sort(), ["pendingBranch", "suspenseBoundary"]);
    assert.match(reason.text, /^uses the same rare names \(\w+, \w+\): \d+ % of the changed file's vocabulary/);
    assert.ok(after.score > before.score, "sharing rare names ranks it higher");

    // In a tiny project every name looks rare: no shared-name evidence at all.
    const small = new IdentifierIndex();
    small.setFile("src/hydration.ts", "suspenseBoundary pendingBranch");
    small.setFile("src/mount.ts", "suspenseBoundary pendingBranch");
    small.setFile("src/other.ts", "unrelatedThing");
    const tiny = rankAffected("src/hydration.ts", { graph, identifiers: small, isCandidate })[0];
    assert.equal(tiny?.reasons.some((item) => item.kind === "shared-identifiers"), false);
  });
});
