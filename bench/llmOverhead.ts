/** `npm run bench:llm [-- --files N] [-- --runs N] [-- --targets N]`: issue 4's extension-overhead goals. */
import { parseArgs } from "node:util";
import { runMain } from "./lib/args";
import { runLlmOverheadBench } from "./lib/llmOverheadBench";
import { llmOverheadMarkdown } from "./lib/llmOverheadReport";
import { runEnvironment, writeReport } from "./lib/report";

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not "${value}"`);
  return n;
}

runMain(async () => {
  const { values } = parseArgs({
    options: { files: { type: "string" }, runs: { type: "string" }, targets: { type: "string" } },
    strict: true,
  });
  const figures = await runLlmOverheadBench({
    files: positive("files", values.files),
    runs: positive("runs", values.runs),
    targets: positive("targets", values.targets),
  });
  const environment = runEnvironment();
  const markdown = llmOverheadMarkdown(figures, environment);
  const { jsonPath, markdownPath } = writeReport("llm-overhead", { environment, ...figures }, markdown);
  process.stdout.write(markdown + `\nWrote ${jsonPath} and ${markdownPath}\n`);
});
