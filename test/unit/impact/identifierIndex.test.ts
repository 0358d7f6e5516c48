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

  it("shows made-up code names as evidence before rarer plain words from comments or built-in types", () => {
    const index = new IdentifierIndex();
    commonFiles(index);
    index.setFile("props.ts", "// Works in any IDE\ntype Keys = Exclude<Props, never>; const defaultValue = resolve(raw_props); render(value);");
    index.setFile("ref.ts", "// IDE hint\ntype Raw = Exclude<T, never>; defaultValue(raw_props); render(value);");
    // Keys and the compound names are also used by one more file, so they are commoner than IDE and Exclude.
    index.setFile("other.ts", "defaultValue; raw_props; Keys;");
    const examples = index.overlapWith("props.ts", 3)?.("ref.ts")?.examples;
    assert.deepEqual(examples, ["defaultValue", "raw_props", "Exclude"]);
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

  it("finds the files sharing the most rare vocabulary without comparing every file, and forgets removed ones", () => {
    const index = new IdentifierIndex();
    commonFiles(index);
    index.setFile("suspense.ts", "export function pendingBranch() { return suspenseBoundary(activeBranch, render); }");
    index.setFile("suspense.spec.ts", "pendingBranch(); suspenseBoundary(activeBranch);");
    index.setFile("partial.ts", "const activeBranch = render(value);");
    index.setFile("noise.ts", "render(props.value)");
    // The everyday names (export, function, return) still weigh a little, so a minimum share keeps those files out.
    const similar = index.similarFiles("suspense.ts", 5, 0.15);
    assert.deepEqual(similar.map((file) => file.path), ["suspense.spec.ts", "partial.ts"], "best first");
    assert.ok(similar[0].rareShare > similar[1].rareShare && similar[1].rareShare > 0);
    assert.deepEqual(index.similarFiles("suspense.ts", 5, 0.5).map((file) => file.path), ["suspense.spec.ts"], "minimum share");
    assert.deepEqual(index.similarFiles("suspense.ts", 1).length, 1, "limit");
    index.setFile("suspense.spec.ts", "somethingElse();");
    assert.deepEqual(index.similarFiles("suspense.ts", 5, 0.15).map((file) => file.path), ["partial.ts"], "an edited file is listed by what it uses now");
    index.removeFile("partial.ts");
    assert.deepEqual(index.similarFiles("suspense.ts", 5, 0.15), []);
    assert.deepEqual(index.similarFiles("missing.ts", 5), []);
  });

  it("stops listing the users of a name once it is common", () => {
    const index = new IdentifierIndex();
    // 70 files use sharedHelper (more than the rare-name lists keep); two of them also share a rare name.
    for (let i = 0; i < 70; i += 1) index.setFile(`user${i}.ts`, `sharedHelper(${i});`);
    for (let i = 0; i < 60; i += 1) index.setFile(`other${i}.ts`, `unrelated${i}();`);
    index.setFile("target.ts", "sharedHelper(); rareWidget();");
    index.setFile("other.ts", "rareWidget();");
    assert.deepEqual(index.similarFiles("target.ts", 10).map((file) => file.path), ["other.ts"], "a name in 71 of 132 files brings no candidates");
    assert.ok((index.overlapWith("target.ts")?.("user3.ts")?.share ?? 0) > 0, "but it still counts toward the overlap score");
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

  it("ranks a file that only shares rare names, with that as its reason, when nothing else links it", () => {
    const identifiers = new IdentifierIndex();
    for (let i = 0; i < 40; i += 1) identifiers.setFile(`lib/filler${i}.ts`, `export function f${i}(node) { return mount(node); }`);
    identifiers.setFile("src/newWidget.ts", "export function renderWidgetFrame(widgetSlots) { return mount(widgetSlots); }");
    identifiers.setFile("src/widgetLayout.ts", "import { x } from 'y';\nconst frame = renderWidgetFrame(widgetSlots);");
    const ranked = rankAffected("src/newWidget.ts", { identifiers });
    assert.equal(ranked[0]?.path, "src/widgetLayout.ts", JSON.stringify(ranked));
    assert.deepEqual(ranked[0].reasons.map((reason) => reason.kind).filter((kind) => kind === "shared-identifiers"), ["shared-identifiers"]);
    assert.equal(ranked.length, 1, "files sharing only everyday names are not candidates");
    const excluded = rankAffected("src/newWidget.ts", { identifiers, isCandidate: (path) => path !== "src/widgetLayout.ts" });
    assert.deepEqual(excluded, [], "a file the workspace excludes is never added");
  });
});
