/** The index and query suites as functions, so their entry points and bench/run.ts share one code path. */
import { runEmbedThroughput } from "./embedThroughputBench";
import { runLexicalSpeed } from "./indexSpeedBench";
import { runQueryLatencyBench } from "./queryLatencyBench";
import { runEnvironment, writeReport } from "./report";
import { renderIndexMarkdown, renderQueryMarkdown, type IndexBenchFigures, type QueryBenchFigures } from "./speedReport";

export interface IndexSuiteOptions {
  files?: number;
  embedFiles?: number;
  skipEmbedding?: boolean;
}

/** Runs both parts even when one fails, so a broken embedder does not hide the lexical figures. */
export async function runIndexSuite(options: IndexSuiteOptions = {}): Promise<IndexBenchFigures> {
  const figures: IndexBenchFigures = { benchmark: "index", environment: runEnvironment() };
  figures.lexical = await runLexicalSpeed({ files: options.files }).catch((error: unknown) => ({ error: String(error) }));
  if (!options.skipEmbedding) {
    figures.embedding = await runEmbedThroughput(options.embedFiles ?? 300).catch((error: unknown) => ({ error: String(error) }));
  }
  const markdown = renderIndexMarkdown(figures);
  const paths = writeReport("index", figures, markdown);
  process.stdout.write(`\n${markdown}\nwrote ${paths.jsonPath} and ${paths.markdownPath}\n`);
  return figures;
}

export interface QuerySuiteOptions {
  files?: number;
  queries?: number;
  vectors?: boolean;
}

export async function runQuerySuite(options: QuerySuiteOptions = {}): Promise<QueryBenchFigures> {
  const figures: QueryBenchFigures = { benchmark: "query", environment: runEnvironment(), ...(await runQueryLatencyBench(options)) };
  const markdown = renderQueryMarkdown(figures);
  const paths = writeReport("query", figures, markdown);
  process.stdout.write(`\n${markdown}\nwrote ${paths.jsonPath} and ${paths.markdownPath}\n`);
  return figures;
}
