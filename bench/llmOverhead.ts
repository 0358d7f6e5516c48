/**
 * `npm run bench:llm [-- --files N] [-- --runs N] [-- --targets N] [-- --label TEXT]`: issue 4's extension-overhead
 * goals. The previous saved result (bench/results/llm-overhead.json) is shown next to this run's figures as
 * "before", so a change can be measured by running the bench on the old code, then on the new.
 */
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "./lib/args";
import { runLlmOverheadBench } from "./lib/llmOverheadBench";
import { llmOverheadMarkdown, type SavedLlmOverhead } from "./lib/llmOverheadReport";
import { RESULTS_DIR, runEnvironment, writeReport } from "./lib/report";

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not "${value}"`);
  return n;
}

function previousResult(path: string): SavedLlmOverhead | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, "utf8")) as SavedLlmOverhead;
    return Array.isArray(saved.goals) && saved.firstToken ? saved : undefined;
  } catch {
    return undefined;
  }
}

runMain(async () => {
  const { values } = parseArgs({
    options: { files: { type: "string" }, runs: { type: "string" }, targets: { type: "string" }, label: { type: "string" } },
    strict: true,
  });
  const before = previousResult(join(RESULTS_DIR, "llm-overhead.json"));
  const loadBefore = loadavg()[0];
  const figures = await runLlmOverheadBench({
    files: positive("files", values.files),
    runs: positive("runs", values.runs),
    targets: positive("targets", values.targets),
  });
  // Other processes share the CPUs; the load averages around the run say how noisy its figures are.
  const environment = { ...runEnvironment(), label: values.label ?? "", load1Before: loadBefore.toFixed(2), load1After: loadavg()[0].toFixed(2) };
  const markdown = llmOverheadMarkdown(figures, environment, before);
  const { jsonPath, markdownPath } = writeReport("llm-overhead", { environment, ...figures }, markdown);
  process.stdout.write(markdown + `\nWrote ${jsonPath} and ${markdownPath}\n`);
});
