import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyHunks, splitLines } from "../../../shared/diff/hunks";
import { checkEditPath } from "../../../server/src/actions/editPaths";
import { composeFileEdit, locateLines } from "../../../server/src/actions/locateReplacement";
import { buildProposal, type ProposalSources } from "../../../server/src/actions/multiFileProposal";
import { UnusableReplyError } from "../../../server/src/actions/parseEdit";
import { splitMultiFileReply } from "../../../server/src/actions/replyFileEdits";
import { ActionSyntax } from "../../../server/src/actions/syntax";

const TARGET = "src/price.ts";
const TARGET_TEXT = ["export function price(a: number): number {", "  return a * 2;", "}", ""].join("\n");
const CALLER = "src/cart.ts";
const CALLER_TEXT = ['import { price } from "./price";', "", "export function total(xs: number[]): number {", "  return xs.reduce((sum, x) => sum + price(x), 0);", "}", ""].join("\n");

const NEW_TARGET = "```ts\nexport function priceOf(a: number): number {\n  return a * 2;\n}\n```";
const CALLER_PAIRS = [
  "Path: src/cart.ts",
  "```ts",
  "<<<<<<< ORIGINAL",
  'import { price } from "./price";',
  "=======",
  'import { priceOf } from "./price";',
  ">>>>>>> REPLACEMENT",
  "<<<<<<< ORIGINAL",
  "  return xs.reduce((sum, x) => sum + price(x), 0);",
  "=======",
  "  return xs.reduce((sum, x) => sum + priceOf(x), 0);",
  ">>>>>>> REPLACEMENT",
  "```",
].join("\n");

function rejects(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof UnusableReplyError && pattern.test(error.message));
}

async function rejectsAsync(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof UnusableReplyError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

describe("actions: multi-file refactor replies", () => {
  describe("splitting the reply", () => {
    it("separates the target's block from Path blocks with their ORIGINAL/REPLACEMENT pairs", () => {
      const split = splitMultiFileReply(`${NEW_TARGET}\n\nCallers follow.\n\n${CALLER_PAIRS}\nRenamed.`, false);
      assert.equal(split.targetBlocks.length, 1);
      assert.match(split.targetBlocks[0].text, /priceOf/);
      assert.equal(split.fileEdits.length, 1);
      const edit = split.fileEdits[0];
      assert.ok(edit.kind === "replace");
      assert.equal(edit.path, "src/cart.ts");
      assert.deepEqual(edit.pairs.map((p) => [p.original.length, p.replacement.length]), [[1, 1], [1, 1]]);
    });

    it("accepts decorated headers and an explicit New file", () => {
      const reply = `${NEW_TARGET}\n**Path:** \`src/cart.ts\`\n${CALLER_PAIRS.split("\n").slice(1).join("\n")}\nNew file: src/util/priceOf.ts\n\`\`\`ts\nexport const x = 1;\n\`\`\``;
      const split = splitMultiFileReply(reply, false);
      assert.deepEqual(split.fileEdits.map((e) => [e.kind, e.path]), [["replace", "src/cart.ts"], ["create", "src/util/priceOf.ts"]]);
    });

    it("reports malformed file edits, naming the file", () => {
      const pairsOf = (body: string) => `${NEW_TARGET}\nPath: src/cart.ts\n\`\`\`ts\n${body}\n\`\`\``;
      rejects(() => splitMultiFileReply(pairsOf("export const y = 2;"), false), /change to src\/cart\.ts is malformed \(text outside a pair/);
      rejects(() => splitMultiFileReply(pairsOf("<<<<<<< ORIGINAL\na\n>>>>>>> REPLACEMENT"), false), /src\/cart\.ts is malformed.*without its =======/);
      rejects(() => splitMultiFileReply(pairsOf("<<<<<<< ORIGINAL\na\n=======\nb"), false), /malformed \(the last pair is not closed\)/);
      rejects(() => splitMultiFileReply(pairsOf("<<<<<<< ORIGINAL\n\n=======\nb\n>>>>>>> REPLACEMENT"), false), /empty ORIGINAL/);
      rejects(() => splitMultiFileReply(pairsOf(""), false), /malformed \(no pairs\)/);
      rejects(() => splitMultiFileReply(`${NEW_TARGET}\n\`\`\`ts\n<<<<<<< ORIGINAL\na\n=======\nb\n>>>>>>> REPLACEMENT\n\`\`\``, false), /without a "Path:" line/);
      rejects(() => splitMultiFileReply(`${NEW_TARGET}\nPath: src/cart.ts\n\`\`\`ts\n<<<<<<< ORIGINAL\na\n`, false), /ended inside its change to src\/cart\.ts/);
      rejects(() => splitMultiFileReply(`${NEW_TARGET}\nPath: src/cart.ts\n\`\`\`ts\n<<<<<<< ORIGINAL\na\n`, true), /cut off by the output token limit/);
    });

    it("takes a block labelled with the target's own path and no pairs as the target's replacement", () => {
      const split = splitMultiFileReply(`Path: ./src/price.ts\n${NEW_TARGET}\n${CALLER_PAIRS}`, false, TARGET);
      assert.equal(split.targetBlocks.length, 1);
      assert.deepEqual(split.fileEdits.map((e) => e.path), [CALLER]);
    });

    it("leaves a reply without file headers as it was (every block is a target candidate)", () => {
      const split = splitMultiFileReply("```ts\na\n```\ntext\n```ts\nbb\n```", false);
      assert.equal(split.targetBlocks.length, 2);
      assert.equal(split.fileEdits.length, 0);
    });
  });

  describe("locating quoted lines", () => {
    const file = ["a", "  b  ", "c", "b", "d"];
    it("finds an exact, unique match", () => assert.deepEqual(locateLines(file, ["c", "b"]), { ok: true, index: 2 }));
    it("tolerates trailing whitespace and CR on either side", () => {
      assert.deepEqual(locateLines(file, ["a\r", "  b"]), { ok: true, index: 0 });
      assert.deepEqual(locateLines(splitLines("x\r\ny  \r\nz\r\n"), ["y", "z"]), { ok: true, index: 1 });
    });
    it("does not tolerate indentation changes", () => {
      const result = locateLines(file, ["b", "c"]);
      assert.equal(result.ok, false);
    });
    it("says when the lines are missing", () => {
      const result = locateLines(file, ["zz"]);
      assert.ok(!result.ok && /\(starting "zz"\) is not in the file as it is now/.test(result.reason));
    });
    it("says when the match is ambiguous, with the lines", () => {
      const result = locateLines(["x", "y", "x"], ["x"]);
      assert.ok(!result.ok && /occurs 2 times \(lines 1, 3\), so the place to change is ambiguous/.test(result.reason));
    });
  });

  describe("paths a reply may edit", () => {
    let root: string;
    let outside: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), "vibe-editpaths-"));
      mkdirSync(join(root, "src"));
      writeFileSync(join(root, "src", "a.ts"), "x\n");
      outside = mkdtempSync(join(tmpdir(), "vibe-outside-"));
      symlinkSync(outside, join(root, "linked"));
    });
    after(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    });

    it("normalises a workspace-relative path", async () => {
      assert.deepEqual(await checkEditPath("./src//a.ts", root, undefined), { ok: true, path: "src/a.ts" });
      assert.deepEqual(await checkEditPath("src\\a.ts", root, undefined), { ok: true, path: "src/a.ts" });
    });
    it("refuses paths outside the workspace, absolute ones and links out of it", async () => {
      for (const raw of ["../etc/passwd", "src/../../x.ts", "/etc/passwd", "C:/x.ts"]) {
        const checked = await checkEditPath(raw, root, undefined);
        assert.ok(!checked.ok && /outside the workspace|absolute/.test(checked.reason), raw);
      }
      const linked = await checkEditPath("linked/x.ts", root, undefined);
      assert.ok(!linked.ok && /through a link/.test(linked.reason));
    });
    it("refuses secret files even without an index, and what the indexer skips", async () => {
      const secret = await checkEditPath("config/.env", root, undefined);
      assert.ok(!secret.ok && /may hold secrets/.test(secret.reason));
      const ignored = await checkEditPath("dist/out.js", root, async (p) => (p.startsWith("dist/") ? "default-exclude" : null));
      assert.ok(!ignored.ok && /build output or generated/.test(ignored.reason));
      const git = await checkEditPath(".git/config", root, undefined);
      assert.ok(!git.ok);
    });
  });

  describe("building the proposal", () => {
    let syntax: ActionSyntax;
    let root: string;
    const disk = new Map<string, string>();
    let sources: ProposalSources;
    const target = () => {
      const lines = splitLines(TARGET_TEXT);
      return { path: TARGET, lines, replacement: { start: 0, count: 3, lines: ["export function priceOf(a: number): number {", "  return a * 2;", "}"] } };
    };
    const pairs = (...list: Array<[string[], string[]]>) => list.map(([original, replacement]) => ({ original, replacement }));

    before(async () => {
      syntax = await ActionSyntax.load();
      root = mkdtempSync(join(tmpdir(), "vibe-proposal-"));
      disk.set(CALLER, CALLER_TEXT);
      disk.set("src/crlf.ts", "const a = price(1);  \r\nconst b = 2;\r\n");
      sources = {
        syntax,
        root,
        readFile: async (p) => disk.get(p),
        exists: (p) => disk.has(p) || p === TARGET,
      };
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it("proposes the target and a caller, with ranges and hunks that reproduce the change", async () => {
      const { edits, warnings } = await buildProposal(
        target(),
        [{ kind: "replace", path: CALLER, pairs: pairs([['import { price } from "./price";'], ['import { priceOf } from "./price";']], [["  return xs.reduce((sum, x) => sum + price(x), 0);"], ["  return xs.reduce((sum, x) => sum + priceOf(x), 0);"]]) }],
        sources,
      );
      assert.deepEqual(warnings, []);
      assert.deepEqual(edits.map((e) => e.path), [TARGET, CALLER]);
      const caller = edits[1];
      assert.deepEqual(caller.range, { startLine: 1, endLine: 4 });
      assert.deepEqual(caller.hunks.map((h) => [h.id, h.oldStart, h.oldLines]), [[`${CALLER}#1`, 1, 1], [`${CALLER}#2`, 4, 1]]);
      assert.equal(applyHunks(CALLER_TEXT, caller.hunks), CALLER_TEXT.replace(/\bprice\b/g, "priceOf").replace('"./priceOf"', '"./price"'));
      assert.equal(caller.parseCheck.ok, true);
      assert.deepEqual(edits[0].range, { startLine: 1, endLine: 3 });
    });

    it("locates in a CRLF file with trailing spaces, and prefers the editor's unsaved text over the disk", async () => {
      const { edits } = await buildProposal(target(), [{ kind: "replace", path: "src/crlf.ts", pairs: pairs([["const a = price(1);"], ["const a = priceOf(1);"]]) }], sources);
      assert.deepEqual(edits[1].range, { startLine: 1, endLine: 1 });
      assert.equal(edits[1].originalText, "const a = price(1);  ");
      const unsaved = { ...sources, unsavedText: (p: string) => (p === CALLER ? `// typed but not saved\n${CALLER_TEXT}` : undefined) };
      const moved = await buildProposal(target(), [{ kind: "replace", path: CALLER, pairs: pairs([['import { price } from "./price";'], ['import { priceOf } from "./price";']]) }], unsaved);
      assert.deepEqual(moved.edits[1].range, { startLine: 2, endLine: 2 });
    });

    it("merges an extra change to the target's own file into one edit", async () => {
      const withImport = { ...target(), lines: ['import { x } from "./x";', "", ...splitLines(TARGET_TEXT)], replacement: { start: 2, count: 3, lines: target().replacement.lines } };
      const { edits } = await buildProposal(withImport, [{ kind: "replace", path: TARGET, pairs: pairs([['import { x } from "./x";'], ['import { x, y } from "./x";']]) }], sources);
      assert.equal(edits.length, 1);
      assert.deepEqual(edits[0].range, { startLine: 1, endLine: 5 });
      assert.deepEqual(edits[0].hunks.map((h) => h.oldStart), [1, 3]);
    });

    it("refuses the whole reply when a caller's lines are missing or ambiguous, naming the file and why", async () => {
      await rejectsAsync(
        () => buildProposal(target(), [{ kind: "replace", path: CALLER, pairs: pairs([["  return total;"], ["  return sum;"]]) }], sources),
        /also changes other files, and one change cannot be applied safely, so nothing was changed: src\/cart\.ts: the line it quotes \(starting "return total;"\) is not in the file/,
      );
      disk.set("src/twice.ts", "f();\nf();\n");
      await rejectsAsync(() => buildProposal(target(), [{ kind: "replace", path: "src/twice.ts", pairs: pairs([["f();"], ["g();"]]) }], sources), /src\/twice\.ts: .*occurs 2 times/);
    });

    it("refuses unsafe paths, missing files, overwriting new files and abbreviated replacements", async () => {
      await rejectsAsync(() => buildProposal(target(), [{ kind: "replace", path: "../outside.ts", pairs: pairs([["a"], ["b"]]) }], sources), /\.\.\/outside\.ts: the path leads outside the workspace/);
      await rejectsAsync(() => buildProposal(target(), [{ kind: "replace", path: ".env", pairs: pairs([["A=1"], ["A=2"]]) }], sources), /\.env: the file may hold secrets/);
      await rejectsAsync(() => buildProposal(target(), [{ kind: "replace", path: "src/nope.ts", pairs: pairs([["a"], ["b"]]) }], sources), /src\/nope\.ts: the file does not exist \(a reply creates a file only with an explicit "New file:" line\)/);
      await rejectsAsync(() => buildProposal(target(), [{ kind: "create", path: CALLER, lines: ["x"] }], sources), /src\/cart\.ts: the reply says "New file" but the file exists already/);
      await rejectsAsync(
        () => buildProposal(target(), [{ kind: "replace", path: CALLER, pairs: pairs([['import { price } from "./price";'], ["// ... rest unchanged"]]) }], sources),
        /abbreviates code/,
      );
      await rejectsAsync(
        () => buildProposal(target(), [{ kind: "replace", path: TARGET, pairs: pairs([["  return a * 2;"], ["  return a;"]]) }], sources),
        /src\/price\.ts: two of its changes overlap/,
      );
    });

    it("creates a file only when the reply says New file", async () => {
      const { edits } = await buildProposal(target(), [{ kind: "create", path: "src/priceOf.ts", lines: ["export const x = 1;"] }], sources);
      assert.equal(edits[1].isNew, true);
      assert.deepEqual(edits[1].range, { startLine: 1, endLine: 0 });
      assert.equal(edits[1].hunks.length, 1);
    });

    it("never empties a file", () => {
      assert.throws(() => composeFileEdit(syntax, "a.ts", ["x"], [{ start: 0, count: 1, lines: [] }]), /would empty the file/);
    });
  });
});
