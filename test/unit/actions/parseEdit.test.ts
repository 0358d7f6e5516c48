import { strict as assert } from "node:assert";
import { extractCodeBlocks, parseEditReply, parseTestReply, partialCode, UnusableReplyError } from "../../../server/src/actions/parseEdit";

const ORIGINAL = ["  add(a, b) {", "    const s = a + b;", "    this.log(s);", "    return s;", "  }"];
const edit = (reply: string, extra: Partial<Parameters<typeof parseEditReply>[0]> = {}) =>
  parseEditReply({ action: "improve", reply, truncated: false, originalLines: ORIGINAL, ...extra });

function rejects(reply: string, pattern: RegExp, extra: Partial<Parameters<typeof parseEditReply>[0]> = {}): void {
  assert.throws(() => edit(reply, extra), (error: unknown) => error instanceof UnusableReplyError && pattern.test(error.message));
}

describe("actions: parsing model replies", () => {
  it("takes the code block of a good reply, trimming blank edges", () => {
    const parsed = edit("Here you go:\n```ts\n\n  add(a: number, b: number) {\n    const s = a + b;\n    this.log(s);\n    return s;\n  }\n```\nTyped the parameters.");
    assert.equal(parsed.lines[0], "  add(a: number, b: number) {");
    assert.equal(parsed.lines.length, 5);
    assert.deepEqual(parsed.warnings, []);
  });

  it("reports prose without a code block, and an empty reply", () => {
    rejects("I think this code is fine as it is.", /prose without a code block.*nothing was changed/);
    rejects("", /empty reply/);
  });

  it("reports an empty code block", () => rejects("```ts\n\n```", /empty code block/));

  it("reports a reply cut off by the token limit, inside or before the block", () => {
    rejects("```ts\n  add(a, b) {\n    const s", /cut off by the output token limit/, { truncated: true });
    rejects("Let me think about this", /cut off by the output token limit/, { truncated: true });
    rejects("```ts\n  add(a, b) {\n", /ended inside its code block/);
  });

  it("reports code abbreviated with '... rest unchanged' comments", () => {
    rejects("```ts\n  add(a, b) {\n    // ... rest of the code unchanged\n  }\n```", /abbreviated the code/);
  });

  it("refuses a reply that deletes most of the code unless asked to", () => {
    rejects("```ts\n  add(a, b) {}\n```", /remove most of the code \(5 lines down to 1\)/);
    const asked = edit("```ts\n  add(a, b) { return a + b; }\n```", { action: "refactor", instruction: "Collapse it into one line" });
    assert.equal(asked.lines.length, 1);
  });

  it("restores indentation the model dropped", () => {
    const parsed = edit("```ts\nadd(a, b) {\n  const s = a + b;\n  this.log(s);\n  return s;\n}\n```");
    assert.equal(parsed.lines[1], "    const s = a + b;");
    assert.match(parsed.warnings.join(" "), /indentation/);
  });

  it("uses the longest of several code blocks and says so; a fence inside code does not end the block", () => {
    const reply = "```ts\nx\n```\nand\n````md\n  add(a, b) {\n    const s = a + b;\n```\n    this.log(s);\n    return s;\n  }\n````";
    const blocks = extractCodeBlocks(reply);
    assert.equal(blocks.length, 2);
    const parsed = edit(reply);
    assert.equal(parsed.lines.length, 6);
    assert.match(parsed.warnings.join(" "), /2 code blocks/);
  });

  it("shows partial code while the block is still streaming", () => {
    assert.equal(partialCode("Sure:\n```ts\nconst a = 1;\nconst b"), "const a = 1;\nconst b");
    assert.equal(partialCode("Thinking..."), undefined);
  });

  it("reads a /test reply's path, refusing paths outside the workspace", () => {
    const good = parseTestReply("Path: `src/__tests__/money.test.ts`\n```ts\nimport { x } from '../money';\ntest('x', () => {});\n```", false, "src/money.test.ts");
    assert.equal(good.path, "src/__tests__/money.test.ts");
    const outside = parseTestReply("Path: ../../etc/evil.test.ts\n```ts\ntest('x', () => {});\n```", false, "src/money.test.ts");
    assert.equal(outside.path, "src/money.test.ts");
    assert.match(outside.warnings.join(" "), /outside the workspace/);
    assert.throws(() => parseTestReply("```ts\n\n```", false, "a.test.ts"), UnusableReplyError);
  });
});
