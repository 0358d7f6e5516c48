import { strict as assert } from "node:assert";
import { SymbolIndex } from "../../../server/src/search/symbolIndex";
import { makeChunks } from "../store/storeTestKit";

describe("SymbolIndex", () => {
  function sample(): SymbolIndex {
    const index = new SymbolIndex();
    index.add("packages/runtime-core/src/apiWatch.ts", makeChunks("packages/runtime-core/src/apiWatch.ts", [
      { text: "export function watchEffect() {}", symbol: "watchEffect" },
      { text: "export function watch() {}", symbol: "watch" },
      { text: "// no definitions here" },
    ]));
    index.add("src/http.ts", makeChunks("src/http.ts", [
      { text: "class HttpServer { listen() {} }", symbol: "HttpServer", kind: "class" },
      { text: "listen() {}", symbol: "HttpServer.listen", kind: "method" },
      { text: "const user_name = 1", definitions: ["user_name"] },
    ]));
    return index;
  }

  it("finds a name exactly, case-insensitively and from split words, strongest first", () => {
    const index = sample();
    const exact = index.lookup(["watchEffect"]);
    assert.deepEqual(exact.map((m) => [m.ref.id, m.exact, m.strength]), [["packages/runtime-core/src/apiWatch.ts#0", true, 1]]);
    assert.deepEqual(index.lookup(["watcheffect"]).map((m) => [m.name, m.exact]), [["watchEffect", false]]);
    const words = index.lookup(["watch", "effect"]);
    assert.equal(words[0]?.ref.symbol, "watch", "the exact one-word name comes first");
    assert.ok(words.some((m) => m.name === "watchEffect" && m.strength === 0.75), "joined words find watchEffect");
    assert.deepEqual(index.lookup(["userName"]).map((m) => m.name), ["user_name"]);
    assert.equal(index.lookup(["server", "http"])[0]?.name, "HttpServer", "all parts in any order, shortest name first");
  });

  it("answers to a method's own name and skips chunks that define nothing", () => {
    const index = sample();
    assert.deepEqual(index.lookup(["listen"]).map((m) => m.ref.id), ["src/http.ts#1"]);
    assert.equal(index.size, 5);
  });

  it("forgets a removed path and reflects a re-added file", () => {
    const index = sample();
    index.removePath("packages/runtime-core/src/apiWatch.ts");
    assert.deepEqual(index.lookup(["watchEffect"]), []);
    assert.deepEqual(index.lookupPaths(["api", "watch"]), []);
    index.add("packages/runtime-core/src/apiWatch.ts", makeChunks("packages/runtime-core/src/apiWatch.ts", [{ text: "export function watchPostEffect() {}", symbol: "watchPostEffect" }]));
    assert.deepEqual(index.lookup(["watchEffect"]).map((m) => [m.name, m.strength]), [["watchPostEffect", 0.5]], "only a loose part match is left");
    assert.equal(index.lookup(["watchPostEffect"])[0]?.exact, true);
    assert.equal(index.size, 4);
  });

  it("finds files whose path holds the query terms", () => {
    const index = sample();
    const [first] = index.lookupPaths(["api", "watch"]);
    assert.equal(first?.path, "packages/runtime-core/src/apiWatch.ts");
    assert.deepEqual(first?.terms, ["api", "watch"]);
    assert.deepEqual(first?.refs.map((ref) => ref.symbol), ["watchEffect", "watch"]);
    assert.deepEqual(index.lookupPaths(["nothing"]), []);
  });

  it("loads entries as the store lists them", () => {
    const index = new SymbolIndex();
    index.addDefinition({ id: "src/x.ts#0", path: "src/x.ts", symbol: "Widget", definitions: ["Widget"], startLine: 1, endLine: 3 });
    index.addDefinition({ id: "src/x.ts#0", path: "src/x.ts", symbol: "Gadget", definitions: ["Gadget"], startLine: 1, endLine: 3 });
    assert.deepEqual(index.lookup(["Widget"]), [], "re-adding an id replaces it");
    assert.equal(index.lookup(["Gadget"])[0]?.ref.endLine, 3);
  });
});
