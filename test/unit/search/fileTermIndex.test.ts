import { strict as assert } from "node:assert";
import { FileTermIndex } from "../../../server/src/search/fileTermIndex";

describe("FileTermIndex (whole-file BM25)", () => {
  it("ranks the file whose chunks together match the query above files that match one word", () => {
    const index = new FileTermIndex();
    index.setFile("src/attrs.ts", ["export function isValidAttributeName(name) {", "const unsafeAttrChars = /[\\r\\n]/; // reject CR"]);
    index.setFile("src/names.ts", ["export const names = ['attribute'];"]);
    index.setFile("src/other.ts", ["export function render() {}"]);
    const ranked = index.search(["reject", "cr", "attribute", "names"], 10);
    assert.equal(ranked[0].path, "src/attrs.ts");
    assert.ok(!ranked.some((r) => r.path === "src/other.ts"), "files without any term are not returned");
  });

  it("forgets a removed file and replaces a rewritten one", () => {
    const index = new FileTermIndex();
    index.setFile("a.ts", ["function alphaWidget() {}"]);
    index.setFile("b.ts", ["function betaWidget() {}"]);
    index.removeFile("a.ts");
    assert.deepEqual(index.search(["alpha"], 5), []);
    index.setFile("b.ts", ["function gammaGadget() {}"]);
    assert.deepEqual(index.search(["beta"], 5), []);
    assert.equal(index.search(["gamma"], 5)[0].path, "b.ts");
    assert.equal(index.size, 1);
  });

  it("counts path terms, and respects the path filter", () => {
    const index = new FileTermIndex();
    index.setFile("packages/runtime-dom/src/modules/attrs.ts", ["export function patchAttr() {}"]);
    index.setFile("packages/compiler/src/parse.ts", ["export function parse() {}"]);
    assert.equal(index.search(["runtime", "dom"], 5)[0].path, "packages/runtime-dom/src/modules/attrs.ts");
    assert.deepEqual(index.search(["runtime", "dom"], 5, (path) => path.startsWith("packages/compiler/")), []);
  });

  it("scores a file streamed in pieces exactly like the same file set at once", () => {
    const whole = new FileTermIndex();
    const streamed = new FileTermIndex();
    const chunks = ["export function patchAttr(el, key) {", "  el.setAttribute(key, patchValue(key));", "}"];
    for (const index of [whole, streamed]) index.setFile("src/other.ts", ["const attr = key;"]);
    whole.setFile("src/attrs.ts", chunks);
    streamed.appendToFile("src/attrs.ts", chunks.slice(0, 1));
    streamed.appendToFile("src/attrs.ts", chunks.slice(1));
    assert.deepEqual(streamed.search(["patch", "attr", "key", "attrs"], 5), whole.search(["patch", "attr", "key", "attrs"], 5));
    assert.equal(streamed.size, 2);
  });

  it("keeps exact counts for a term repeated more than a thousand times", () => {
    const index = new FileTermIndex();
    index.setFile("many.ts", ["token ".repeat(3000)]);
    index.setFile("few.ts", ["token ".repeat(1100) + "filler ".repeat(1900)]);
    const ranked = index.search(["token"], 5);
    assert.deepEqual(ranked.map((r) => r.path), ["many.ts", "few.ts"]);
    index.removeFile("many.ts");
    assert.deepEqual(index.search(["token"], 5).map((r) => r.path), ["few.ts"]);
  });

  it("a bulk load never overwrites a file the index writer changed or removed while the load ran", () => {
    const index = new FileTermIndex();
    index.beginLoad();
    index.setFile("fresh.ts", ["function newerVersion() {}"]);
    index.removeFile("gone.ts");
    index.loadFile("fresh.ts", ["function olderVersion() {}"], true);
    index.loadFile("gone.ts", ["function deletedMeanwhile() {}"], true);
    index.loadFile("kept.ts", ["function loadedFromStore() {}"], true);
    index.endLoad();
    assert.equal(index.search(["newer"], 5)[0]?.path, "fresh.ts");
    assert.deepEqual(index.search(["older"], 5), []);
    assert.deepEqual(index.search(["deleted"], 5), []);
    assert.equal(index.search(["loaded"], 5)[0]?.path, "kept.ts");
  });
});
