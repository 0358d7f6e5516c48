import { createHash } from "node:crypto";
import { join } from "node:path";
import { ResponseError, ErrorCodes } from "vscode-languageserver/node";
import { AssessImpactRequest, CatchUpRequest, FileRiskRequest, type AssessImpactParams } from "../../../shared/protocol/impact";
import { catchUpWithWorkspace } from "../catchup/catchUp";
import { assessWithWorkspace } from "../impact/assess";
import { ImpactWorkspace } from "../impact/impactWorkspace";
import type { ImportEdge } from "../impact/importGraph";
import { ParsePool } from "../indexer/parsePool";
import type { FeatureContext, ServerFeature } from "../serverFeature";
import { fileRiskSummary } from "./impactRisk/fileRiskSummary";
import { loadIndexerParser } from "./impactRisk/indexerParser";
import { blameLines, type LineCommits } from "./impactRisk/lineBlame";

/** Blames kept per server: enough for the editors a user has open, small enough never to matter for memory. */
const BLAME_CACHE_SIZE = 64;

/**
 * Impact assessment and Catch Me Up (issue 3) in the server: one `ImpactWorkspace` per folder, warmed in the
 * background at startup so the first request does not pay the whole cold mine, kept current from watcher events.
 * Registers `vibe/assessImpact`, `vibe/catchUp` and `vibe/fileRisk`.
 */
export function createImpactFeature(context: FeatureContext): ServerFeature {
  const { connection, logger, root } = context;
  // The workspace is built once the shared tree-sitter parser is loaded; requests wait for it.
  const workspaceReady: Promise<ImpactWorkspace | undefined> = root ? openWorkspace(context, root) : Promise.resolve(undefined);
  // Blame depends on HEAD and the file's text; keyed by both, a stale entry is never served.
  const blameCache = new Map<string, LineCommits | undefined>();
  let disposed = false;
  let opened: ImpactWorkspace | undefined;
  void workspaceReady.then((workspace) => (opened = workspace));
  // Read per request by the LLM context assembly; answers from what is built so far and never waits for a build.
  const links = (edges: ImportEdge[] | undefined, end: "from" | "to") => (edges ?? []).map((edge) => ({ path: edge[end], line: edge.line, names: edge.names }));
  context.shared.importGraph = {
    importersOf: (path) => links(opened?.importGraphSoFar?.importersOf(path), "from"),
    importsOf: (path) => links(opened?.importGraphSoFar?.importsOf(path), "to"),
  };

  const requireWorkspace = async (): Promise<ImpactWorkspace> => {
    const workspace = await workspaceReady;
    if (disposed) throw new ResponseError(ErrorCodes.InvalidRequest, "The server is shutting down.");
    if (!workspace) throw new ResponseError(ErrorCodes.InvalidRequest, "No folder is open: there is nothing to assess.");
    return workspace;
  };

  /** Runs a request and turns an unexpected failure into a clear error message instead of a generic one. */
  const guarded = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logger.error(`Impact: ${what} failed: ${(error as Error).stack ?? String(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${what} failed: ${(error as Error).message ?? String(error)}`);
    }
  };

  const blameOf = async (file: string, text: string): Promise<LineCommits | undefined> => {
    const current = await requireWorkspace();
    const key = `${current.history?.head ?? ""}\0${file}\0${createHash("sha1").update(text).digest("hex")}`;
    if (blameCache.has(key)) return blameCache.get(key);
    const lines = await blameLines(current.options.root, file, logger);
    if (blameCache.size >= BLAME_CACHE_SIZE) blameCache.delete(blameCache.keys().next().value as string);
    blameCache.set(key, lines);
    return lines;
  };

  connection.onRequest(AssessImpactRequest.type, (params) =>
    guarded("Assess Impact", async () => {
      const problem = targetProblem(params);
      if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
      return assessWithWorkspace(await requireWorkspace(), params);
    }),
  );
  connection.onRequest(CatchUpRequest.type, (params) => guarded("Catch Me Up", async () => catchUpWithWorkspace(await requireWorkspace(), params ?? {})));
  connection.onRequest(FileRiskRequest.type, (params) =>
    guarded("File risk", async () => {
      if (typeof params?.path !== "string" || params.path === "") throw new ResponseError(ErrorCodes.InvalidParams, "vibe/fileRisk needs a path.");
      return fileRiskSummary(await requireWorkspace(), params, blameOf);
    }),
  );

  return {
    onFilesChanged(changes) {
      void workspaceReady.then(async (workspace) => {
        if (!workspace || disposed) return;
        for (const change of changes) {
          await workspace.fileChanged(change.path, change.kind !== "deleted").catch((error: Error) => logger.warn(`Impact: re-reading ${change.path} failed: ${error.message}`));
        }
      });
    },
    async dispose() {
      disposed = true;
      blameCache.clear();
    },
  };
}

/** Loads the shared parser, opens the folder's impact state and starts mining history in the background. */
async function openWorkspace(context: FeatureContext, root: string): Promise<ImpactWorkspace> {
  const { logger } = context;
  const parser = await loadIndexerParser(context.grammarDir).catch((error: Error) => {
    logger.error(`Impact: the shared tree-sitter parser failed to load; the impact module will try its own: ${error.message}`);
    return undefined;
  });
  const workspace = new ImpactWorkspace({
    root,
    storageDir: join(context.options.storagePath, "impact"),
    grammarDirs: [context.grammarDir],
    parser,
    logger,
    // The first graph build parses every file: on workers it leaves this thread free for LSP requests.
    openImportWorkers: () => new ParsePool({ grammarDir: context.grammarDir, logger }),
  });
  const started = Date.now();
  void workspace.refresh().then(
    () => logger.info(`Impact: history and import graph ready in ${Date.now() - started} ms (${workspace.coverage().commits} commits).`),
    (error: Error) => logger.error(`Impact: preparing history failed; requests will retry: ${error.stack ?? error.message}`),
  );
  return workspace;
}

/** What is wrong with an assessImpact request's target, or undefined when it is well-formed. */
function targetProblem(params: AssessImpactParams | undefined): string | undefined {
  const target = params?.target as Partial<Record<string, unknown>> | undefined;
  if (!target || typeof target !== "object") return "vibe/assessImpact needs a target (file, range or diff).";
  if (target.kind === "diff") return undefined;
  if (target.kind !== "file" && target.kind !== "range") return `Unknown impact target kind: ${String(target.kind)}.`;
  if (typeof target.path !== "string" || target.path === "") return "The impact target needs a path.";
  if (target.kind === "range") {
    const { startLine, endLine } = target;
    if (!Number.isInteger(startLine) || !Number.isInteger(endLine) || (startLine as number) < 1 || (endLine as number) < (startLine as number)) {
      return "A range target needs whole startLine ≤ endLine, counted from 1.";
    }
  }
  return undefined;
}
