/**
 * Issue 4's overhead goals, measured on the built server with the fake Anthropic server at zero latency:
 * request → first streamed token ≤ 50 ms, context assembly p95 ≤ 100 ms on a 10k-file repository, and applying a
 * 200-hunk diff ≤ 100 ms. See bench/README.md ("LLM overhead") for what each figure includes.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeAnthropic } from "../../test/fakes/anthropicServer";
import { benchSettings } from "./benchSettings";
import { runApplyBench, type ApplyFigures } from "./llmOverheadApply";
import { ActionRunner, FAKE_EXPLANATION, replayThroughSdk, sdkClientFor, type ActionTiming, type SdkTiming } from "./llmOverheadServer";
import { distribution, type Distribution } from "./metrics";
import { BenchServer, type BenchSettings } from "./serverClient";
import { buildSyntheticTree } from "./syntheticTree";
import { WORK_DIR } from "./vueRepo";

export interface LlmOverheadOptions {
  files?: number;
  /** Timed /explain runs on one target (after warm-up). */
  runs?: number;
  /** Distinct targets for the context-assembly figure. */
  targets?: number;
}

export interface LlmOverheadFigures {
  tree: { files: number; chunks: number; indexWallMs: number; filesIndexedThisRun: number };
  firstToken: {
    runs: number;
    target: string;
    productFirstTokenMs: Distribution;
    productResultMs: Distribution;
    productContextStageMs: Distribution;
    /** From the "model" stage notification to the first token: usage/context records, the SDK call and the relay. */
    productModelToFirstTokenMs: Distribution;
    sdkFirstTokenMs: Distribution;
    sdkDoneMs: Distribution;
  };
  context: {
    targets: number;
    stageMs: Distribution;
    untilModelStageMs: Distribution;
    meanRelated: number;
    /** Of the related locations, those in files importing the target (from the import graph). */
    meanImporterRelated: number;
    /** For scale: one `vibe/search` for an identifier at limit 8, as the context assembly sends several per target. */
    searchRoundTripMs: Distribution;
  };
  apply: ApplyFigures;
  goals: Array<{ goal: string; figure: string; value: number; limit: number; met: boolean }>;
}

const WARMUP = 5;

function log(message: string): void {
  process.stderr.write(`[llm-overhead] ${message}\n`);
}

/** A line inside the file's first function, so the server's tree-sitter picks a real function as the target. */
export function cursorLineFor(text: string): number {
  const lines = text.split("\n");
  const index = lines.findIndex((line) => /^\s*(export\s+)?(async\s+)?function\s+\w+/.test(line));
  return index >= 0 ? index + 2 : Math.max(1, Math.floor(lines.length / 2));
}

export async function runLlmOverheadBench(options: LlmOverheadOptions = {}): Promise<LlmOverheadFigures> {
  const tree = buildSyntheticTree(options.files ?? 10_000);
  const runs = options.runs ?? 50;
  const targetCount = options.targets ?? 100;
  // The storage is kept between runs: the first run pays a cold index, later ones an incremental no-op.
  const runDir = join(WORK_DIR, "llm-overhead");
  mkdirSync(runDir, { recursive: true });
  const fake = await startFakeAnthropic(() => ({ text: FAKE_EXPLANATION }));
  const settings = {
    ...benchSettings("none"),
    // No daily budget: the storage (and its usage ledger) is kept between runs, and the fake's replies are priced
    // like real ones, so a day of bench runs would otherwise "spend" the default budget and fail.
    llm: { provider: "anthropic", anthropicBaseUrl: fake.url, cacheEnabled: false, maxAttempts: 1, dailyBudgetUsd: 0 },
  } as BenchSettings;
  const server = await BenchServer.start({
    workspaceFolder: tree.root,
    storagePath: join(runDir, "storage"),
    modelCachePath: join(runDir, "models"),
    settings,
    logFile: join(runDir, "server.log"),
  });
  try {
    log(`indexing ${tree.files.length} files (lexical)…`);
    const indexStart = performance.now();
    const summary = await server.indexNow(false);
    const indexWallMs = performance.now() - indexStart;
    const status = await server.status();
    log(`indexed: ${status.chunks} chunks in ${(indexWallMs / 1000).toFixed(1)} s (${summary.filesIndexed} files this run)`);

    const runner = new ActionRunner(server);
    await runner.setAnthropicKey("bench-key");
    const read = (relative: string): string => readFileSync(join(tree.root, relative), "utf8");

    // (1) One target, many runs: first streamed token and result, against the SDK replaying the same bodies.
    const target = tree.files.find((file) => file.endsWith("runtime-core/src/apiWatch.ts")) ?? tree.files[0];
    const targetText = read(target);
    const targetLine = cursorLineFor(targetText);
    for (let i = 0; i < WARMUP; i++) await runner.explain(target, targetText, targetLine);
    const product: ActionTiming[] = [];
    const firstRequest = fake.requests.length;
    for (let i = 0; i < runs; i++) product.push(await runner.explain(target, targetText, targetLine));
    const bodies = fake.requests.slice(firstRequest).map((request) => request.rawBody);
    const client = sdkClientFor(fake);
    for (let i = 0; i < WARMUP; i++) await replayThroughSdk(client, bodies[0]);
    const sdk: SdkTiming[] = [];
    for (const body of bodies) sdk.push(await replayThroughSdk(client, body));
    log(`first token: product p50 ${distribution(product.map((t) => t.firstTokenMs)).p50.toFixed(1)} ms, SDK p50 ${distribution(sdk.map((t) => t.firstTokenMs)).p50.toFixed(1)} ms`);

    // (2) Many targets across the tree: the context stage of each.
    const step = Math.max(1, Math.floor(tree.files.length / targetCount));
    const contextRuns: ActionTiming[] = [];
    for (let i = 0; i < targetCount && i * step < tree.files.length; i++) {
      const path = tree.files[i * step];
      const text = read(path);
      contextRuns.push(await runner.explain(path, text, cursorLineFor(text)));
    }
    const names = [...new Set(contextRuns.flatMap((run) => [...read(run.path).matchAll(/function\s+(\w+)/g)].map((m) => m[1])))].slice(0, 60);
    const searchTimes: number[] = [];
    for (const name of names) {
      const start = performance.now();
      await server.search({ query: name, limit: 8, includeTests: false });
      searchTimes.push(performance.now() - start);
    }
    log(`context stage: p95 ${distribution(contextRuns.map((t) => t.contextStageMs)).p95.toFixed(1)} ms over ${contextRuns.length} targets`);

    // (3) Pure apply functions, in this process, on real source lines from the tree.
    const apply = runApplyBench(tree.files.slice(0, 40).map(read));
    log(`apply ${apply.hunks} hunks: inline p95 ${apply.inlineDiffMs.p95.toFixed(1)} ms, re-base+apply p95 ${apply.rebaseApplyMs.p95.toFixed(1)} ms`);

    const firstToken = {
      runs,
      target,
      productFirstTokenMs: distribution(product.map((t) => t.firstTokenMs)),
      productResultMs: distribution(product.map((t) => t.resultMs)),
      productContextStageMs: distribution(product.map((t) => t.contextStageMs)),
      productModelToFirstTokenMs: distribution(product.map((t) => t.firstTokenMs - t.contextDoneMs)),
      sdkFirstTokenMs: distribution(sdk.map((t) => t.firstTokenMs)),
      sdkDoneMs: distribution(sdk.map((t) => t.doneMs)),
    };
    const context = {
      targets: contextRuns.length,
      stageMs: distribution(contextRuns.map((t) => t.contextStageMs)),
      untilModelStageMs: distribution(contextRuns.map((t) => t.contextDoneMs)),
      searchRoundTripMs: distribution(searchTimes),
      meanRelated: contextRuns.reduce((sum, t) => sum + t.related, 0) / Math.max(1, contextRuns.length),
      meanImporterRelated: contextRuns.reduce((sum, t) => sum + t.importerRelated, 0) / Math.max(1, contextRuns.length),
    };
    const worstApply = Math.max(apply.inlineDiffMs.p95, apply.rebaseApplyMs.p95);
    const goals = [
      { goal: "request → first streamed token ≤ 50 ms", figure: "p95", value: firstToken.productFirstTokenMs.p95, limit: 50 },
      { goal: "context assembly p95 ≤ 100 ms (10k files)", figure: "p95", value: context.stageMs.p95, limit: 100 },
      { goal: "apply a 200-hunk diff ≤ 100 ms", figure: "p95, slower path", value: worstApply, limit: 100 },
    ].map((g) => ({ ...g, met: g.value <= g.limit }));
    return {
      tree: { files: tree.files.length, chunks: status.chunks, indexWallMs, filesIndexedThisRun: summary.filesIndexed },
      firstToken,
      context,
      apply,
      goals,
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}
