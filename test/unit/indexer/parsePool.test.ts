import * as assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import { loadSourceParser, type ImportLanguage } from "../../../server/src/impact/parsers";
import { createChunker } from "../../../server/src/indexer/chunker";
import { ParsePool } from "../../../server/src/indexer/parsePool";
import type { SourceFile } from "../../../server/src/indexer/types";
import type { Logger } from "../../../server/src/util/logger";
import { importsInProcess } from "../impact/importsInProcess";

const CRASHING_WORKER = path.join(__dirname, "crashingParse.worker.ts");

function tsFile(relPath: string, text: string): SourceFile {
  return { path: relPath, text, contentHash: "", size: text.length, mtimeMs: 0, language: "typescript" };
}

const SAMPLE = "/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport class Box {\n  open(): void {}\n}\n";

describe("ParsePool", () => {
  const pools: ParsePool[] = [];
  const track = (pool: ParsePool): ParsePool => {
    pools.push(pool);
    return pool;
  };

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.dispose()));
  });

  it("chunks on a worker thread started from the TypeScript source, exactly as the chunker does in-process", async () => {
    const pool = track(await ParsePool.create({ size: 1 }));
    const file = tsFile("src/math.ts", SAMPLE);
    const expected = (await createChunker()).chunk(file);
    assert.deepEqual(await pool.chunk(file), expected);
    assert.deepEqual(expected.map((chunk) => chunk.symbol), ["add", "Box"]);
  });

  it("serves many concurrent jobs across workers, each with its own result", async () => {
    const pool = track(await ParsePool.create({ size: 2 }));
    const files = Array.from({ length: 20 }, (_, index) => tsFile(`f${index}.ts`, `export function f${index}(): number {\n  return ${index};\n}\n`));
    const results = await Promise.all(files.map((file) => pool.chunk(file)));
    results.forEach((chunks, index) => {
      assert.equal(chunks.length, 1);
      assert.equal(chunks[0].path, `f${index}.ts`);
      assert.equal(chunks[0].symbol, `f${index}`);
    });
  });

  it("reads a file's imports on a worker exactly as the impact graph does in-process, between chunk jobs", async () => {
    const pool = track(await ParsePool.create({ size: 1 }));
    const parser = await loadSourceParser();
    const inProcess = (language: ImportLanguage, text: string) => importsInProcess(parser, text, language);
    const ts = 'import { a, type B } from "./a";\nexport * from "../all";\nconst c = require("c");\n' + SAMPLE;
    const py = "import os.path\nfrom .models import User, Group\n";
    const [tsRecords, chunks, pyRecords] = await Promise.all([pool.imports("src/x.ts", "typescript", ts), pool.chunk(tsFile("src/x.ts", ts)), pool.imports("pkg/y.py", "python", py)]);
    assert.deepEqual(tsRecords, inProcess("typescript", ts));
    assert.deepEqual(tsRecords.map((record) => record.specifier), ["./a", "../all", "c"]);
    assert.deepEqual(pyRecords, inProcess("python", py));
    assert.ok(pyRecords.length >= 2);
    assert.deepEqual(chunks.map((chunk) => chunk.symbol).filter(Boolean), ["add", "Box"], "a chunk job in between still gets chunks");
  });

  it("starts lazily when constructed directly", async () => {
    const pool = track(new ParsePool({ size: 1 }));
    const chunks = await pool.chunk(tsFile("lazy.ts", SAMPLE));
    assert.equal(chunks.length, 2);
  });

  it("fails only the job of a crashed worker, with a clear error, then replaces the worker", async () => {
    const errors: string[] = [];
    const logger: Logger = { error: (message) => void errors.push(message), warn: () => undefined, info: () => undefined, debug: () => undefined };
    const pool = track(await ParsePool.create({ size: 1, workerPath: CRASHING_WORKER, logger }));
    const before = pool.chunk(tsFile("before.ts", SAMPLE));
    const crashed = pool.chunk(tsFile("crash.ts", SAMPLE));
    const after = pool.chunk(tsFile("after.ts", SAMPLE));
    assert.equal((await before).length, 2);
    await assert.rejects(crashed, /parse worker died while chunking crash\.ts \(exit code 7\)/);
    assert.equal((await after).length, 2, "the queued job runs on the replacement worker");
    assert.ok(errors.some((line) => line.includes("crash.ts")));
    await assert.rejects(pool.imports("crash.ts", "typescript", SAMPLE), /parse worker died while reading the imports of crash\.ts/);
    assert.deepEqual(await pool.imports("fine.ts", "typescript", SAMPLE), []);
  });

  it("replaces a worker that hangs past the job timeout", async () => {
    const pool = track(await ParsePool.create({ size: 1, workerPath: CRASHING_WORKER, jobTimeoutMs: 500 }));
    await assert.rejects(pool.chunk(tsFile("hang.ts", SAMPLE)), /hang\.ts.*no result after 500 ms/);
    assert.equal((await pool.chunk(tsFile("fine.ts", SAMPLE))).length, 2);
  });

  it("fails to start with the path of a missing grammar, and fails queued jobs the same way", async () => {
    const grammarDir = path.join(os.tmpdir(), "vibe-no-grammars-here");
    await assert.rejects(ParsePool.create({ size: 1, grammarDir }), /could not start: .*vibe-no-grammars-here/);
    const lazy = track(new ParsePool({ size: 1, grammarDir }));
    await assert.rejects(lazy.chunk(tsFile("a.ts", SAMPLE)), /vibe-no-grammars-here/);
    await assert.rejects(lazy.chunk(tsFile("b.ts", SAMPLE)), /vibe-no-grammars-here/);
  });

  it("fails with a clear error when the worker script does not exist", async () => {
    await assert.rejects(ParsePool.create({ size: 1, workerPath: path.join(os.tmpdir(), "no-such.worker.js") }), /could not start|Cannot find module/);
  });

  it("rejects queued and new jobs after dispose", async () => {
    const pool = await ParsePool.create({ size: 1 });
    const pending = Array.from({ length: 5 }, (_, index) => pool.chunk(tsFile(`p${index}.ts`, SAMPLE)));
    const outcomes = Promise.allSettled(pending);
    await pool.dispose();
    const settled = await outcomes;
    assert.ok(settled.some((result) => result.status === "rejected"));
    for (const result of settled) if (result.status === "rejected") assert.match(String(result.reason), /disposed/);
    await assert.rejects(pool.chunk(tsFile("late.ts", SAMPLE)), /disposed/);
  });
});
