/** The LLM-overhead figures as Markdown for people (the JSON is the figures object itself). */
import type { LlmOverheadFigures } from "./llmOverheadBench";
import type { Distribution } from "./metrics";
import { fixed, runEnvironment, table, verdict } from "./report";

function row(label: string, d: Distribution): string[] {
  return [label, String(d.count), fixed(d.p50), fixed(d.p95), fixed(d.max)];
}

const HEADER = ["figure (ms)", "n", "p50", "p95", "max"];

/** A result file written by an earlier run (its environment says which code and load it ran with). */
export type SavedLlmOverhead = LlmOverheadFigures & { environment: Record<string, string | number> };

/** The headline figures of the previous saved run next to this run's. */
function beforeAfter(f: LlmOverheadFigures, before: SavedLlmOverhead): string[] {
  const e = before.environment;
  const pair = (label: string, was: Distribution | undefined, now: Distribution): string[] => [
    label,
    was ? `${fixed(was.p50)} / ${fixed(was.p95)}` : "–",
    `${fixed(now.p50)} / ${fixed(now.p95)}`,
  ];
  return [
    "## Before → after",
    "",
    `Before: the previous saved run (${e.label ? `"${e.label}", ` : ""}commit ${e.productCommit}, ${e.date}, load ${e.load1Before ?? "?"}). ` +
      "Runs at different times see different machine load: compare each run with its own SDK baseline too.",
    "",
    table(
      ["figure (ms), p50 / p95", "before", "this run"],
      [
        pair("product: first token", before.firstToken.productFirstTokenMs, f.firstToken.productFirstTokenMs),
        pair("product: context stage (one target)", before.firstToken.productContextStageMs, f.firstToken.productContextStageMs),
        pair("baseline SDK: first token", before.firstToken.sdkFirstTokenMs, f.firstToken.sdkFirstTokenMs),
        pair("context stage (many targets)", before.context?.stageMs, f.context.stageMs),
        pair("inline diff apply", before.apply?.inlineDiffMs, f.apply.inlineDiffMs),
      ],
    ),
    "",
    `Mean related locations per target: before ${fixed(before.context?.meanRelated ?? Number.NaN)}, this run ${fixed(f.context.meanRelated)}.`,
    "",
  ];
}

export function llmOverheadMarkdown(f: LlmOverheadFigures, environment: Record<string, string | number> = runEnvironment(), before?: SavedLlmOverhead): string {
  const env = Object.entries(environment).map(([k, v]) => `${k} ${v}`).join(" · ");
  const ft = f.firstToken;
  return [
    "# LLM overhead (fake Anthropic server, zero latency)",
    "",
    env,
    "",
    `Workspace: ${f.tree.files} files, ${f.tree.chunks} chunks, indexed lexically (${(f.tree.indexWallMs / 1000).toFixed(1)} s, ${f.tree.filesIndexedThisRun} files indexed in this run).`,
    "",
    "## Goals",
    "",
    table(
      ["goal", "figure", "measured (ms)", "verdict"],
      f.goals.map((g) => [g.goal, g.figure, fixed(g.value), verdict(g.met)]),
    ),
    "",
    ...(before ? beforeAfter(f, before) : []),
    `## Request → first streamed token (/explain on \`${ft.target}\`, ${ft.runs} runs)`,
    "",
    "Product: client wall time from sending `vibe/codeAction.run` to the first `vibe/codeAction.progress` with a",
    "`textDelta`, and to the result. Baseline: the same request bodies replayed through `@anthropic-ai/sdk` from the",
    "bench process straight to the fake (the model endpoint's own time to first token, with no extension in between).",
    "",
    table(HEADER, [
      row("product: first token", ft.productFirstTokenMs),
      row("product: result", ft.productResultMs),
      row("product: context stage", ft.productContextStageMs),
      row("product: model stage → first token", ft.productModelToFirstTokenMs),
      row("baseline SDK: first token", ft.sdkFirstTokenMs),
      row("baseline SDK: stream done", ft.sdkDoneMs),
    ]),
    "",
    `## Context assembly (${f.context.targets} targets across the tree)`,
    "",
    "The context stage as the server measures it (`contextMs` on the \"model\" stage notification; older servers: the time",
    "between the \"context\" and \"model\" notifications): tree-sitter facts of the target, `assembleContext`",
    `(imports, enclosing class, definitions from the symbol index, call sites from the import graph and the whole-file term index) and the prompt. Mean related locations per target: ${fixed(f.context.meanRelated)}, of which in files importing the target: ${fixed(f.context.meanImporterRelated)}.`,
    "",
    table(HEADER, [
      row("context stage", f.context.stageMs),
      row("request sent → model stage", f.context.untilModelStageMs),
      row("for scale: one vibe/search (identifier, limit 8)", f.context.searchRoundTripMs),
    ]),
    "",
    `## Applying a ${f.apply.hunks}-hunk diff to a ${f.apply.fileLines}-line file (${f.apply.runs} runs)`,
    "",
    `The user typed ${f.apply.userInsertedLines} lines above the target after asking, so every hunk is re-based. The`,
    "inline-diff path validates the proposal, locates the moved target, inserts the new lines and accepts every hunk;",
    "the re-base + apply path is `rebaseHunks` + `applyHunks`. Baseline: splicing the same edits at known positions.",
    "VS Code's own cost of applying the resulting edit is not included.",
    "",
    table(HEADER, [
      row("inline diff: validate + locate + insert + accept all", f.apply.inlineDiffMs),
      row("rebaseHunks + applyHunks", f.apply.rebaseApplyMs),
      row("computeHunks (server, for reference)", f.apply.computeHunksMs),
      row("baseline: plain splice", f.apply.baselineSpliceMs),
    ]),
    "",
  ].join("\n");
}
