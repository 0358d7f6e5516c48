/** `npm run bench:query [-- --files N] [-- --queries N] [-- --lexical-only]`: lexical and hybrid query latency at ~100k chunks. */
import { parseBenchArgs, runMain } from "./lib/args";
import { runQuerySuite } from "./lib/benchSuites";

runMain(async () => {
  const args = parseBenchArgs();
  await runQuerySuite({ files: args.files, queries: args.queries, vectors: !args.lexicalOnly });
});
