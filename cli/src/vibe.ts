import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { GetIndexStatusRequest, IndexNowRequest } from "../../shared/protocol/indexing";
import { SearchRequest } from "../../shared/protocol/search";
import { formatHits, formatStatus, formatSummary } from "./format";
import { parseImpactCommand, runImpactCommand } from "./impactCommands";
import { startServer, type ServerConnection } from "./serverConnection";

const USAGE = `Usage:
  vibe index <folder> [--full]                       index (or update the index of) a folder
  vibe search <folder> "<query>" [--limit N] [--json] [--no-update]
  vibe status <folder> [--json]
  vibe impact <folder> <file>[:<line>] [--limit N] [--json]   risk, likely-affected files, breaking-change hints
                                                     (with :<line>, of the function at that line)
  vibe impact <folder> --diff [--json]               the same for every file changed in the work tree
  vibe catchup <folder> [--since <rev|date>] [--limit N] [--json]   what others committed since you last did
Options:
  --embedder none|transformers|openai-compatible     where embeddings come from (default: lexical only in the CLI)
  --model <id|folder>   --endpoint <url>   --allow-download
  --storage <dir>       where the index lives (default: $XDG_CACHE_HOME/vibe-coder/index/<folder>-<hash>)
  --verbose             print the server's log to stderr`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      limit: { type: "string" },
      json: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      "no-update": { type: "boolean", default: false },
      since: { type: "string" },
      diff: { type: "boolean", default: false },
      embedder: { type: "string" },
      model: { type: "string" },
      endpoint: { type: "string" },
      "allow-download": { type: "boolean", default: false },
      storage: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, folder, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (!["index", "search", "status", "impact", "catchup"].includes(command)) return fail(`Unknown command "${command}".\n${USAGE}`);
  if (!folder) return fail(`"vibe ${command}" needs a folder.\n${USAGE}`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return fail(`Not a folder: ${folder}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) return fail("--limit takes a whole number ≥ 1.");
  const impact = command === "impact" || command === "catchup" ? parseImpactCommand({ command, folder, rest, since: values.since, diff: values.diff, limit, json: values.json }) : undefined;
  if (typeof impact === "string") return fail(`${impact}\n${USAGE}`);

  const embeddings: Record<string, unknown> = { provider: values.embedder ?? "none" };
  if (values.model) embeddings.model = values.model;
  if (values.endpoint) embeddings.endpoint = values.endpoint;
  if (values["allow-download"]) embeddings.allowDownload = true;

  const server = await startServer({
    folder,
    storagePath: values.storage,
    settings: { embeddings },
    onLog: (level, message) => {
      if (values.verbose || level === "error") process.stderr.write(`[server ${level}] ${message}\n`);
    },
    onMessage: (level, message) => process.stderr.write(`${level === "info" ? "" : `${level}: `}${message}\n`),
  });
  try {
    if (impact) return await runImpactCommand(server, impact);
    return await run(command, server, { query: rest.join(" "), limit, json: values.json, full: values.full, update: !values["no-update"] });
  } finally {
    await server.close();
  }
}

interface RunOptions {
  query: string;
  limit?: number;
  json: boolean;
  full: boolean;
  update: boolean;
}

async function run(command: string, server: ServerConnection, options: RunOptions): Promise<number> {
  const { connection } = server;
  if (command === "index") {
    const summary = await connection.sendRequest(IndexNowRequest.type, { full: options.full });
    const status = await connection.sendRequest(GetIndexStatusRequest.type);
    process.stdout.write(options.json ? `${JSON.stringify({ summary, status }, null, 2)}\n` : `${formatSummary(summary, status)}\n`);
    return 0;
  }
  if (command === "status") {
    const status = await connection.sendRequest(GetIndexStatusRequest.type);
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status)}\n`);
    return 0;
  }
  if (!options.query.trim()) return fail('"vibe search" needs a query, e.g. vibe search . "parse config file"');
  if (options.update) await connection.sendRequest(IndexNowRequest.type, { full: false });
  const result = await connection.sendRequest(SearchRequest.type, { query: options.query, limit: options.limit });
  if (options.json) {
    const hits = result.hits.map((h) => ({ path: h.path, startLine: h.startLine, endLine: h.endLine, score: h.score, symbol: h.symbol, kind: h.kind, reasons: h.reasons }));
    process.stdout.write(`${JSON.stringify({ query: options.query, tookMs: result.tookMs, signals: result.signals, hits }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatHits(result)}\n`);
  }
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error & { code?: unknown }) => {
    process.stderr.write(`vibe: ${error.message}\n`);
    // parseArgs rejects unknown options and missing option values: that is bad usage, like the checks above.
    process.exit(typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS") ? 2 : 1);
  },
);
