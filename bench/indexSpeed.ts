/** `npm run bench:index [-- --files N] [-- --lexical-only]`: cold/reopen/save→searchable on a 10k-file tree, then embedding throughput. */
import { parseBenchArgs, runMain } from "./lib/args";
import { runIndexSuite } from "./lib/benchSuites";

runMain(async () => {
  const args = parseBenchArgs();
  await runIndexSuite({ files: args.files, skipEmbedding: args.lexicalOnly });
});
