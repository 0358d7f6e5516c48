/** Markdown/terminal rendering of the retrieval benchmark's figures. */
import { SCORE_LABELS, SCORE_NAMES } from "./metrics";
import { fixed, megabytes, ratio, table } from "./report";
import type { RetrievalFigures, SubsetFigures } from "./retrievalBench";

export function qualityTable(figures: SubsetFigures): string {
  return table(
    ["Metric", "Product", "BM25 baseline", "Ratio"],
    SCORE_NAMES.map((name) => [
      SCORE_LABELS[name],
      fixed(figures.product[name]),
      fixed(figures.baseline[name]),
      ratio(figures.product[name], figures.baseline[name]),
    ]),
  );
}

export function renderRetrievalMarkdown(f: RetrievalFigures): string {
  const env = f.environment;
  const cost = table(
    ["Figure", "Product", "BM25 baseline"],
    [
      ["Query p50 (client wall)", `${fixed(f.queryMs.product.p50)} ms`, `${fixed(f.queryMs.baseline.p50, 2)} ms`],
      ["Query p95 (client wall)", `${fixed(f.queryMs.product.p95)} ms`, `${fixed(f.queryMs.baseline.p95, 2)} ms`],
      ["Query p50 / p95 (server tookMs)", `${fixed(f.queryMs.productServer.p50)} / ${fixed(f.queryMs.productServer.p95)} ms`, ""],
      ["Server start (spawn → initialize)", `${fixed(f.coldIndex.startupMs, 0)} ms`, ""],
      ["Cold index (indexNow wall)", f.coldIndex.error ? `failed: ${f.coldIndex.error}` : `${fixed(f.coldIndex.wallMs, 0)} ms`, ""],
      [
        `Re-index per step p50 / p95 (${f.reindexMs.stepsWithChanges} steps with changes)`,
        `${fixed(f.reindexMs.p50, 0)} / ${fixed(f.reindexMs.p95, 0)} ms`,
        "",
      ],
      ["Re-index, no changes, p50", `${fixed(f.reindexMs.noChangeP50, 0)} ms (${f.reindexMs.stepsWithoutChanges} steps)`, ""],
      ["Files changed per step p50 / p95", `${fixed(f.reindexFilesPerStep.p50, 0)} / ${fixed(f.reindexFilesPerStep.p95, 0)}`, ""],
      ["Server peak RSS (VmHWM)", megabytes(f.peakMemory.serverBytes), ""],
      ["Child processes' peak RSS", megabytes(f.peakMemory.childBytes), ""],
      ["Index at the end", f.indexStatus ? `${f.indexStatus.indexedFiles} files, ${f.indexStatus.chunks} chunks, ${megabytes(f.indexStatus.indexBytes)}` : "n/a", ""],
    ],
  );
  const cold = f.coldIndex.summary;
  return [
    `# Retrieval benchmark (vuejs/core bug-fix commits)`,
    ``,
    `${f.all.rows} of ${f.options.rowsAvailable} rows, oldest first; embedder: **${f.options.embedder}**` +
      (f.options.embedder === "fixture" ? " (random-weight model: quality figures mean nothing, cost figures do)" : "") +
      `; search limit ${f.options.searchLimit}; ${env.date}, Node ${env.node}, ${env.cpus} × ${env.cpuModel}, product ${env.productCommit}.`,
    ``,
    `Corpus: packages/*/src/**/*.ts without __tests__/, *.spec.ts, *.test.ts, *.d.ts — ${f.corpus.filesAtFirstRow} files at the first row, ` +
      `${f.corpus.filesAtLastRow} at the last; ${f.corpus.rowsWithGoldOutsideCorpus} rows have a gold file absent from the corpus at their base commit.`,
    ``,
    `Baseline: ${f.baselineDescription}`,
    ``,
    `Scores are percentages (MRR@10 and nDCG@10 × 100). File rank = rank of the file's best chunk. Acc@k = all gold files in the top k.`,
    ``,
    `## All rows (${f.all.rows})`,
    ``,
    qualityTable(f.all),
    ``,
    `## Rows whose query does not name a gold file (${f.withoutBasenameMention.rows})`,
    ``,
    qualityTable(f.withoutBasenameMention),
    ``,
    `## Cost`,
    ``,
    cost,
    ``,
    cold
      ? `Cold run summary: ${cold.filesIndexed} files indexed, ${cold.chunksWritten} chunks, ${cold.embeddingsComputed} embeddings, server-side ${cold.durationMs} ms, skipped ${JSON.stringify(cold.skipped)}.`
      : "",
    `Diagnostics: the product's ${f.options.searchLimit} chunks cover ${fixed(f.diagnostics.productFilesReturned.p50, 0)} files (p50; p95 ${fixed(f.diagnostics.productFilesReturned.p95, 0)}); ` +
      `gold files absent from the whole list: product ${f.diagnostics.productGoldNotReturned}, baseline ${f.diagnostics.baselineGoldNotReturned}. ` +
      `Acc@5 wins: product-only ${f.diagnostics.productWinsAt5} rows, baseline-only ${f.diagnostics.baselineWinsAt5} rows.`,
    f.productErrors > 0 ? `\n**${f.productErrors} product errors** (failed searches count as misses; see the JSON).` : "",
  ].join("\n");
}
