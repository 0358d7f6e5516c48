/** `npm run bench:retrieval [-- --limit N] [-- --embedder none|fixture]`: see bench/README.md. */
import { parseBenchArgs, runMain } from "./lib/args";
import { runRetrievalBench } from "./lib/retrievalBench";
import { qualityTable } from "./lib/retrievalReport";

runMain(async () => {
  const args = parseBenchArgs();
  const figures = await runRetrievalBench({ limit: args.limit, embedder: args.embedder });
  process.stdout.write(`\nAll rows (${figures.all.rows}):\n${qualityTable(figures.all)}\n`);
  process.stdout.write(`\nQuery does not name a gold file (${figures.withoutBasenameMention.rows}):\n${qualityTable(figures.withoutBasenameMention)}\n`);
  const q = figures.queryMs.product;
  process.stdout.write(
    `\nquery p50/p95 ${q.p50.toFixed(1)}/${q.p95.toFixed(1)} ms; cold index ${figures.coldIndex.wallMs.toFixed(0)} ms; ` +
      `re-index p50/p95 ${figures.reindexMs.p50.toFixed(0)}/${figures.reindexMs.p95.toFixed(0)} ms; ` +
      `peak RSS ${(figures.peakMemory.serverBytes / 2 ** 20).toFixed(0)} MB\n`,
  );
});
