import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { strict as assert } from "node:assert";
import { DidChangeWatchedFilesNotification, FileChangeType, ResponseError } from "vscode-languageserver-protocol/node";
import { startServer, type ServerConnection } from "../../cli/src/serverConnection";
import { GetIndexStatusRequest, IndexNowRequest, IndexStatusNotification, type IndexStatus } from "../../shared/protocol/indexing";
import { SearchRequest, type SearchResult } from "../../shared/protocol/search";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const SERVER_PATH = join(REPO_ROOT, "dist", "server", "server.js");
export const FIXTURE_MODEL = resolve(REPO_ROOT, "..", "shared", "models", "fixture", "minilm-random");

/** A temp folder with files; removed by `cleanup()`. */
export class TempWorkspace {
  readonly root: string;
  readonly storage: string;

  constructor(files: Record<string, string | Buffer> = {}) {
    const base = mkdtempSync(join(tmpdir(), "vibe-it-"));
    this.root = join(base, "workspace");
    this.storage = join(base, "storage");
    mkdirSync(this.root, { recursive: true });
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  write(path: string, content: string | Buffer): string {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  uri(path: string): string {
    return pathToFileURL(join(this.root, path)).toString();
  }

  cleanup(): void {
    rmSync(dirname(this.root), { recursive: true, force: true });
  }
}

export interface TestServer extends ServerConnection {
  messages: Array<{ level: string; message: string }>;
  statuses: IndexStatus[];
  indexNow(full?: boolean): ReturnType<typeof indexNow>;
  search(query: string, limit?: number): Promise<SearchResult>;
  status(): Promise<IndexStatus>;
  changed(changes: Array<{ path: string; type: "created" | "changed" | "deleted" }>): Promise<void>;
}

function indexNow(server: ServerConnection, full = false) {
  return server.connection.sendRequest(IndexNowRequest.type, { full });
}

/** Starts the built server (dist/server/server.js) over stdio on a temp workspace, as the CLI does. */
export async function startTestServer(ws: TempWorkspace, settings: Record<string, unknown> = { embeddings: { provider: "none" } }): Promise<TestServer> {
  const messages: Array<{ level: string; message: string }> = [];
  const server = await startServer({
    folder: ws.root,
    storagePath: ws.storage,
    modelCachePath: join(ws.storage, "..", "models"),
    serverPath: SERVER_PATH,
    settings,
    onMessage: (level, message) => messages.push({ level, message }),
    onLog: (level, message) => {
      if (process.env.VIBE_TEST_VERBOSE) process.stderr.write(`[server ${level}] ${message}\n`);
    },
  });
  const statuses: IndexStatus[] = [];
  server.connection.onNotification(IndexStatusNotification.type, (s: IndexStatus) => {
    statuses.push(s);
  });
  return Object.assign(server, {
    messages,
    statuses,
    indexNow: (full = false) => indexNow(server, full),
    search: (query: string, limit = 20) => server.connection.sendRequest(SearchRequest.type, { query, limit }),
    status: () => server.connection.sendRequest(GetIndexStatusRequest.type),
    changed: async (changes: Array<{ path: string; type: "created" | "changed" | "deleted" }>) => {
      const type: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: changes.map((c) => ({ uri: ws.uri(c.path), type: type[c.type] })),
      });
    },
  });
}

/** Polls `check` until it returns a value or the (generous) deadline passes; for asynchronous server updates. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export function topPaths(result: SearchResult, n = 5): string[] {
  return result.hits.slice(0, n).map((h) => h.path);
}

/** The ResponseError a request rejects with (an action's user-facing message and `data.kind`); fails if it resolves. */
export async function actionFailure(p: Promise<unknown>): Promise<ResponseError<{ kind: string }>> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ResponseError) return error as ResponseError<{ kind: string }>;
    throw error;
  }
  assert.fail("the action should have failed");
}
