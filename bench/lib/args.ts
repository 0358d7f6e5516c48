/** Command-line options shared by the benchmark entry points. */
import { parseArgs } from "node:util";
import type { EmbedderChoice } from "./benchSettings";

export interface BenchArgs {
  limit?: number;
  embedder: EmbedderChoice;
  files?: number;
  queries?: number;
  /** Skip the embedding parts (index: fixture throughput; query: hybrid with vectors). */
  lexicalOnly: boolean;
}

export function parseBenchArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      limit: { type: "string" },
      embedder: { type: "string", default: "none" },
      files: { type: "string" },
      queries: { type: "string" },
      "lexical-only": { type: "boolean", default: false },
    },
    strict: true,
  });
  const embedder = values.embedder;
  if (embedder !== "none" && embedder !== "fixture") throw new Error(`--embedder must be "none" or "fixture", not "${embedder}"`);
  return {
    embedder,
    limit: positiveInteger("--limit", values.limit),
    files: positiveInteger("--files", values.files),
    queries: positiveInteger("--queries", values.queries),
    lexicalOnly: values["lexical-only"] === true,
  };
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return n;
}

/** Runs an entry point's main, printing a failure as one clear line and a non-zero exit code. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
