import { strict as assert } from "node:assert";
import { checkParse } from "../../../server/src/actions/parseCheck";
import { ActionSyntax } from "../../../server/src/actions/syntax";

const TS = `import { Money } from "./money";
import type { Item } from "./item";

export class Cart {
  private items: Item[] = [];

  add(item: Item): void {
    this.items.push(item);
  }

  /** The sum of all prices. */
  total(): Money {
    let sum = 0;
    for (const item of this.items) sum += item.price;
    return Money.of(sum);
  }
}

/**
 * Formats a cart for display.
 */
export function describeCart(cart: Cart): string {
  return \`\${cart.total()}\`;
}

export const double = (n: number): number => {
  return n * 2;
};
`;

const PY = `import os

class Report:
    @staticmethod
    def export(path):
        with open(path) as f:
            return f.read()
`;

describe("actions: tree-sitter facts", () => {
  let syntax: ActionSyntax;
  before(async () => {
    syntax = await ActionSyntax.load();
  });

  it("finds the method at a line inside a small class, with its doc comment", () => {
    assert.deepEqual(syntax.functionAt("src/cart.ts", TS, 14), { startLine: 11, endLine: 16, kind: "method", symbol: "total" });
  });

  it("includes export and the doc comment of a top-level function, and the const of an arrow function", () => {
    assert.deepEqual(syntax.functionAt("src/cart.ts", TS, 23), { startLine: 19, endLine: 24, kind: "function", symbol: "describeCart" });
    assert.deepEqual(syntax.functionAt("src/cart.ts", TS, 27), { startLine: 26, endLine: 28, kind: "function", symbol: "double" });
  });

  it("answers for the text it is given, also when it reuses the tree of the previous request", () => {
    const shifted = "// a line the user typed\n" + TS;
    assert.equal(syntax.functionAt("src/cart.ts", TS, 14)?.startLine, 11);
    assert.equal(syntax.functionAt("src/cart.ts", TS, 14)?.startLine, 11, "same text again");
    assert.equal(syntax.functionAt("src/cart.ts", shifted, 15)?.startLine, 12, "an edited text is parsed anew");
    assert.equal(syntax.functionAt("src/other.ts", shifted, 15)?.startLine, 12, "another path with the same text");
    assert.equal(syntax.syntaxErrorCount("src/cart.py", "def f(:\n"), 1, "another language");
    assert.equal(syntax.functionAt("src/cart.ts", TS, 14)?.startLine, 11, "and back");
  });

  it("skips anonymous callbacks: the line of a .reduce callback belongs to its function", () => {
    const text = "export function sum(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}\n";
    assert.deepEqual(syntax.functionAt("a.ts", text, 2), { startLine: 1, endLine: 3, kind: "function", symbol: "sum" });
  });

  it("returns null outside any function and for languages without a grammar", () => {
    assert.equal(syntax.functionAt("src/cart.ts", TS, 1), null);
    assert.equal(syntax.functionAt("main.go", "func main() {\n}\n", 1), null);
  });

  it("keeps a Python method's decorator", () => {
    assert.deepEqual(syntax.functionAt("report.py", PY, 6), { startLine: 4, endLine: 7, kind: "method", symbol: "export" });
  });

  it("collects imports, the enclosing class outline and the names the target uses", () => {
    const facts = syntax.facts("src/cart.ts", TS, { startLine: 12, endLine: 16 });
    assert.ok(facts);
    assert.deepEqual(facts.imports, [{ startLine: 1, endLine: 1 }, { startLine: 2, endLine: 2 }]);
    assert.equal(facts.enclosingClass?.name, "Cart");
    assert.deepEqual(facts.enclosingClass?.headerLines, [4, 5, 7, 11, 12]);
    assert.ok(facts.usedNames.includes("Money"), facts.usedNames.join(","));
    assert.ok(facts.usedNames.includes("price"));
    assert.deepEqual(facts.importRecords.map((r) => r.specifier), ["./money", "./item"]);
  });

  it("flags a proposal that adds syntax errors, not one that keeps an existing error", () => {
    const broken = TS.replace("return Money.of(sum);", "return Money.of(sum;");
    const flagged = checkParse(syntax, "src/cart.ts", TS, broken);
    assert.equal(flagged.ok, false);
    assert.match(flagged.message ?? "", /does not parse/);
    assert.equal(checkParse(syntax, "src/cart.ts", broken, broken.replace("n * 2", "n * 3")).ok, true);
    assert.deepEqual(checkParse(syntax, "notes.txt", "a", "b ("), { ok: true, message: "Not checked: no parser for this language." });
  });
});
