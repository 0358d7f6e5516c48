/** Markdown/terminal rendering of the index-speed and query-latency benchmarks, with their goals. */
import type { EmbedThroughputFigures } from "./embedThroughputBench";
import type { IndexSpeedFigures } from "./indexSpeedBench";
import type { QueryLatencyFigures, QueryRun } from "./queryLatencyBench";
import { fixed, megabytes, ratio, table, verdict } from "./report";

export interface IndexBenchFigures {
  benchmark: "index";
  environment: Record<string, string | number>;
  lexical?: IndexSpeedFigures | { error: string };
  embedding?: EmbedThroughputFigures | { error: string };
}

export function renderIndexMarkdown(f: IndexBenchFigures): string {
  const lines = [`# Index speed benchmark`, ``, environmentLine(f.environment), ``];
  const lex = f.lexical;
  if (lex && "error" in lex) lines.push(`Lexical run failed: ${lex.error}`, ``);
  else if (lex) {
    const edits = lex.saveToSearchableMs;
    lines.push(
      `Tree: ${lex.tree.files} TypeScript files (vuejs/core packages/*/src copied into renamed folders, from ${lex.tree.sourceCommit.slice(0, 12)}), ` +
        `${(lex.tree.bytes / 2 ** 20).toFixed(1)} MB, ${lex.tree.lines.toLocaleString("en")} lines; ${lex.cold.chunks ?? "?"} chunks. Embeddings off.`,
      ``,
      table(
        ["Figure", "Product", "Goal", "Verdict", "Baseline (in-process read + tokenize + BM25 counts)"],
        [
          ["Cold index (indexNow wall)", `${fixed(lex.cold.wallMs / 1000, 1)} s`, "≤ 30 s", verdict(lex.cold.wallMs <= 30_000), `${fixed(lex.baselineBuildMs / 1000, 1)} s (${ratio(lex.cold.wallMs, lex.baselineBuildMs, 1)} slower)`],
          ["Files/s (cold)", fixed(lex.tree.files / (lex.cold.wallMs / 1000), 0), "", "", fixed(lex.tree.files / (lex.baselineBuildMs / 1000), 0)],
          ["Reopen, no changes: new process start", `${fixed(lex.reopen.startupMs / 1000, 2)} s`, "", "", ""],
          ["Reopen, no changes: indexNow", `${fixed(lex.reopen.wallMs / 1000, 2)} s`, "≤ 3 s", verdict(lex.reopen.wallMs <= 3_000), ""],
          [
            "Reopen re-work (files re-indexed / chunks / embeddings)",
            `${lex.reopen.summary.filesIndexed} / ${lex.reopen.summary.chunksWritten} / ${lex.reopen.summary.embeddingsComputed}`,
            "0 / 0 / 0",
            verdict(lex.reopen.zeroRework),
            "",
          ],
          [`Save → searchable p50 / p95 (${edits.count} edits)`, `${fixed(edits.p50, 0)} / ${fixed(edits.p95, 0)} ms`, "p95 ≤ 1 s", verdict(edits.count > 0 && edits.p95 <= 1_000 && edits.timeouts === 0), edits.timeouts ? `${edits.timeouts} never became searchable in 30 s` : ""],
          ["Server peak RSS (VmHWM)", megabytes(lex.peakServerBytes), "≤ 600 MB", verdict(lex.peakServerBytes <= 600 * 2 ** 20), ""],
          ["Index size on disk", megabytes(lex.cold.indexBytes), "", "", ""],
        ],
      ),
      ``,
      `Cold run summary: ${JSON.stringify(lex.cold.summary)}`,
      ``,
    );
  }
  const emb = f.embedding;
  if (emb && "error" in emb) lines.push(`Embedding run failed: ${emb.error}`, ``);
  else if (emb) {
    lines.push(
      `## Embedding pipeline vs bare embedder (fixture model, ${emb.files} files, ${emb.chunks} chunks, ${emb.uniqueChunkTexts} distinct texts, batch ${emb.batchSize})`,
      ``,
      table(
        ["Figure", "Pipeline (full index run)", "Bare embedder (same texts)", "Ratio", "Goal", "Verdict"],
        [
          ["Chunks/s", fixed(emb.pipeline.chunksPerSecond, 1), fixed(emb.bare.chunksPerSecond, 1), fixed(emb.ratio, 2), "≥ 0.85", verdict(emb.ratio >= 0.85)],
          ["Time", `${fixed(emb.pipeline.wallMs / 1000, 1)} s`, `${fixed(emb.bare.ms / 1000, 1)} s`, "", "", ""],
          ["Server peak RSS", megabytes(emb.pipeline.peak.serverBytes), "", "", "", ""],
        ],
      ),
      ``,
    );
  }
  return lines.join("\n");
}

export interface QueryBenchFigures extends QueryLatencyFigures {
  benchmark: "query";
  environment: Record<string, string | number>;
}

export function renderQueryMarkdown(f: QueryBenchFigures): string {
  const row = (name: string, run: QueryRun) => [
    name,
    `${fixed(run.wallMs.p50, 1)} ms`,
    `${fixed(run.wallMs.p95, 1)} ms`,
    `${fixed(run.serverMs.p50, 1)} / ${fixed(run.serverMs.p95, 1)} ms`,
    run.signals.join("+"),
    verdict(run.wallMs.p95 <= 50),
    ratio(run.wallMs.p95, f.baseline.queryMs.p95, 1),
  ];
  const rows: Array<Array<string | number>> = [row("Lexical only", f.lexical)];
  if (f.hybrid && !("error" in f.hybrid)) rows.push(row("Hybrid (vectors)", f.hybrid));
  rows.push(["Baseline: in-process BM25, whole files", `${fixed(f.baseline.queryMs.p50, 1)} ms`, `${fixed(f.baseline.queryMs.p95, 1)} ms`, "", "", "", "1.0×"]);
  return [
    `# Query latency benchmark`,
    ``,
    environmentLine(f.environment),
    ``,
    `Index: ${f.index.files} files, **${f.index.chunks} chunks** (synthetic tree of ${f.tree.files} files); ${f.queries} queries from the retrieval dataset, ` +
      `limit 20, after ${f.warmupQueries} warm-up queries. Goal: p95 ≤ 50 ms.`,
    ``,
    table(["Mode", "p50 (client wall)", "p95 (client wall)", "Server tookMs p50 / p95", "Signals", "Goal", "p95 vs baseline"], rows),
    ``,
    f.hybrid && "error" in f.hybrid ? `Hybrid run failed: ${f.hybrid.error}` : f.hybrid?.note ? `Hybrid: ${f.hybrid.note}.` : "",
    ``,
    `Cold lexical index of this tree took ${fixed(f.index.coldWallMs / 1000, 1)} s. Baseline build: ${fixed(f.baseline.buildMs / 1000, 1)} s.`,
  ].join("\n");
}

function environmentLine(env: Record<string, string | number>): string {
  return `${env.date}, Node ${env.node}, ${env.cpus} × ${env.cpuModel}, ${env.memoryGiB} GiB, product ${env.productCommit}. The machine may be shared: repeat and quote medians.`;
}
