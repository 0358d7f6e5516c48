/** `npm run bench`: every benchmark with its defaults, then one combined summary (also bench/results/summary.md). */
import { parseBenchArgs, runMain } from "./lib/args";
import { runIndexSuite, runQuerySuite } from "./lib/benchSuites";
import { fixed, megabytes, table, verdict, writeReport } from "./lib/report";
import { runRetrievalBench } from "./lib/retrievalBench";

runMain(async () => {
  const args = parseBenchArgs();
  const summary: Array<Array<string | number>> = [];
  const failures: string[] = [];
  const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      failures.push(`${name}: ${String(error)}`);
      process.stderr.write(`${name} failed: ${String(error)}\n`);
      return undefined;
    }
  };

  const retrieval = await attempt("retrieval", () => runRetrievalBench({ limit: args.limit, embedder: args.embedder }));
  if (retrieval) {
    const all = retrieval.all;
    const plain = retrieval.withoutBasenameMention;
    summary.push(
      [`Retrieval Acc@5, all ${all.rows} rows`, fixed(all.product.acc5), fixed(all.baseline.acc5), "beat baseline", verdict(all.product.acc5 > all.baseline.acc5)],
      [`Retrieval Acc@5, ${plain.rows} rows not naming the file`, fixed(plain.product.acc5), fixed(plain.baseline.acc5), "beat baseline", verdict(plain.product.acc5 > plain.baseline.acc5)],
      ["Retrieval MRR@10 × 100, all rows", fixed(all.product.mrr10), fixed(all.baseline.mrr10), "", ""],
      ["Retrieval query p95", `${fixed(retrieval.queryMs.product.p95)} ms`, `${fixed(retrieval.queryMs.baseline.p95, 2)} ms`, "", ""],
      ["Retrieval re-index per step p95", `${fixed(retrieval.reindexMs.p95, 0)} ms`, "", "", ""],
    );
  }
  const index = await attempt("index", () => runIndexSuite({ files: args.files, skipEmbedding: args.lexicalOnly }));
  const lexical = index?.lexical && !("error" in index.lexical) ? index.lexical : undefined;
  if (lexical) {
    summary.push(
      [`Cold index, ${lexical.tree.files} files`, `${fixed(lexical.cold.wallMs / 1000)} s`, `${fixed(lexical.baselineBuildMs / 1000)} s`, "≤ 30 s", verdict(lexical.cold.wallMs <= 30_000)],
      ["Reopen with no changes", `${fixed(lexical.reopen.wallMs / 1000, 2)} s`, "", "≤ 3 s, no re-work", verdict(lexical.reopen.wallMs <= 3_000 && lexical.reopen.zeroRework)],
      ["Save → searchable p95", `${fixed(lexical.saveToSearchableMs.p95, 0)} ms`, "", "≤ 1 s", verdict(lexical.saveToSearchableMs.p95 <= 1_000)],
      ["Server peak RSS (10k files)", megabytes(lexical.peakServerBytes), "", "≤ 600 MB", verdict(lexical.peakServerBytes <= 600 * 2 ** 20)],
    );
  }
  const embedding = index?.embedding && !("error" in index.embedding) ? index.embedding : undefined;
  if (embedding) {
    summary.push(["Embedding pipeline ÷ bare embedder", `${fixed(embedding.pipeline.chunksPerSecond)} chunks/s`, `${fixed(embedding.bare.chunksPerSecond)} chunks/s`, "ratio ≥ 0.85", `${fixed(embedding.ratio, 2)} ${verdict(embedding.ratio >= 0.85)}`]);
  }
  const query = await attempt("query", () => runQuerySuite({ files: args.files, queries: args.queries, vectors: !args.lexicalOnly }));
  if (query) {
    summary.push([`Query p95 lexical, ${query.index.chunks} chunks`, `${fixed(query.lexical.wallMs.p95)} ms`, `${fixed(query.baseline.queryMs.p95)} ms`, "≤ 50 ms", verdict(query.lexical.wallMs.p95 <= 50)]);
    if (query.hybrid && !("error" in query.hybrid)) {
      summary.push([`Query p95 hybrid, ${query.index.chunks} chunks`, `${fixed(query.hybrid.wallMs.p95)} ms`, `${fixed(query.baseline.queryMs.p95)} ms`, "≤ 50 ms", verdict(query.hybrid.wallMs.p95 <= 50)]);
    }
  }

  const markdown = [
    "# Benchmark summary",
    "",
    table(["Figure", "Product", "Baseline (same run)", "Goal", "Verdict"], summary),
    "",
    failures.length ? `Failures:\n${failures.map((f) => `- ${f}`).join("\n")}` : "All benchmarks ran.",
  ].join("\n");
  writeReport("summary", { retrieval: retrieval && { all: retrieval.all, withoutBasenameMention: retrieval.withoutBasenameMention }, failures }, markdown);
  process.stdout.write(`\n${markdown}\n`);
});
