import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from "vscode-languageserver/node";
import {
  CodeActionProgressNotification,
  FunctionAtRequest,
  isRunCodeActionParams,
  RunCodeActionRequest,
  TestFrameworkRequest,
  type CodeActionErrorData,
  type RunCodeActionParams,
  type RunCodeActionResult,
} from "../../../shared/protocol/actions";
import { isSetApiKeyParams, LlmContextRequest, LlmUsageRequest, SetApiKeyNotification, type LlmContextRule } from "../../../shared/protocol/llm";
import { ContextTooLargeError, type ContextSources } from "../actions/context";
import { UnusableReplyError } from "../actions/parseEdit";
import { ActionRequestError, runCodeAction } from "../actions/runAction";
import { ActionSyntax } from "../actions/syntax";
import { detectTestFramework } from "../actions/testFramework";
import { ApiKeyStore } from "../llm/apiKeys";
import { isLlmError } from "../llm/errors";
import { LlmService } from "../llm/llmService";
import { resolveLlmSettings } from "../llm/settings";
import type { FeatureContext, ServerFeature } from "../serverFeature";

/** Context budgets when `vibeCoder.llm.contextTokens` is 0: small local models read far less than Claude. */
const LOCAL_CONTEXT_TOKENS = 8_000;
const CLOUD_CONTEXT_TOKENS = 60_000;
/** Files bigger than this are not read for context (generated bundles, data). */
const MAX_CONTEXT_FILE_BYTES = 1_048_576;
const RULES_FILE = ".vibe/rules.md";
const MAX_RULES_CHARS = 8_000;
/** The client command that stores a key; named in "no provider" errors so the client can offer it. */
export const SET_API_KEY_COMMAND = "vibeCoder.setApiKey";

function llmSection(raw: unknown): Record<string, unknown> {
  const section = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).llm : undefined;
  return typeof section === "object" && section !== null ? (section as Record<string, unknown>) : {};
}

/** `vibeCoder.llm.contextTokens`: a positive number, or 0 (the default) for a budget chosen by provider. */
export function contextTokensSetting(raw: unknown): number {
  const value = llmSection(raw).contextTokens;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.max(1_000, Math.min(1_000_000, Math.round(value))) : 0;
}

/**
 * The LLM layer and the actions on code (issue 4) in the server: API keys, usage and context inspection, and
 * `vibe/codeAction.run` with its progress stream, `vibe/functionAt` and `vibe/testFramework`.
 */
export function createLlmFeature(context: FeatureContext): ServerFeature {
  const { connection, logger, root } = context;
  const keys = new ApiKeyStore();
  let rawSettings: unknown;
  const llm = new LlmService({
    storagePath: context.options.storagePath,
    logger,
    settings: resolveLlmSettings(undefined),
    getApiKey: (provider) => keys.get(provider),
  });
  const applySettings = (raw: unknown): void => {
    rawSettings = raw;
    llm.updateSettings(resolveLlmSettings(llmSection(raw)));
  };
  // Requests wait for the first settings pull so a configured endpoint is never missed.
  const settingsReady = context.pullRawSettings().then(applySettings, (error: Error) => logger.warn(`LLM settings could not be read: ${error.message}`));
  let syntaxLoad: Promise<ActionSyntax> | undefined;
  const syntax = (): Promise<ActionSyntax> => {
    syntaxLoad ??= ActionSyntax.load(context.grammarDir).catch((error: unknown) => {
      syntaxLoad = undefined;
      throw error;
    });
    return syntaxLoad;
  };

  const sources: ContextSources = {
    search: context.search
      ? async (query, limit) => (await context.search?.({ query, limit, includeTests: false }))?.hits ?? []
      : undefined,
    findDefinitions: context.findDefinitions ? async (name, limit) => (await context.findDefinitions?.(name, limit)) ?? [] : undefined,
    filesMentioning: context.filesMentioning ? async (name, limit) => context.filesMentioning?.(name, limit) : undefined,
    // Read per request: the impact feature fills it in when it starts, and it answers from whatever is built so far.
    importGraph: {
      importersOf: (file) => context.shared.importGraph?.importersOf(file) ?? [],
      importsOf: (file) => context.shared.importGraph?.importsOf(file) ?? [],
    },
    readFile: async (relative) => readWorkspaceFile(root, relative),
    exists: (relative) => root !== undefined && isInside(root, relative) && existsSync(path.join(root, relative)),
    rules: async () => readRules(root),
  };

  connection.onNotification(SetApiKeyNotification.type, (params) => {
    if (!isSetApiKeyParams(params)) {
      logger.warn("vibe/setApiKey: ignored a malformed notification.");
      return;
    }
    keys.set(params.provider, params.key);
    llm.keysChanged();
    logger.info(`LLM: the ${params.provider} key was ${params.key ? "set" : "removed"}.`);
  });
  connection.onRequest(LlmUsageRequest.type, async (params) => {
    await settingsReady;
    return llm.usage(params ?? {});
  });
  connection.onRequest(LlmContextRequest.type, async (params) => llm.contexts(params ?? {}));

  connection.onRequest(FunctionAtRequest.type, async (params) => {
    if (typeof params?.path !== "string" || typeof params.text !== "string" || !Number.isInteger(params.line)) {
      throw new ResponseError(ErrorCodes.InvalidParams, "vibe/functionAt needs path, text and line.");
    }
    return (await syntax()).functionAt(params.path, params.text, params.line);
  });
  connection.onRequest(TestFrameworkRequest.type, () => {
    if (!root) throw new ResponseError(ErrorCodes.InvalidRequest, "No folder is open.");
    return detectTestFramework(root);
  });

  connection.onRequest(RunCodeActionRequest.type, async (params, token) => {
    if (!isRunCodeActionParams(params)) {
      throw new ResponseError<CodeActionErrorData>(ErrorCodes.InvalidParams, "vibe/codeAction.run: malformed parameters.", { kind: "bad-request" });
    }
    return runGuarded(params, token);
  });

  const runGuarded = async (params: RunCodeActionParams, token: CancellationToken): Promise<RunCodeActionResult> => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      await settingsReady;
      const status = llm.status();
      const configured = contextTokensSetting(rawSettings);
      const contextTokens = configured > 0 ? configured : status.provider === "openai-compatible" ? LOCAL_CONTEXT_TOKENS : CLOUD_CONTEXT_TOKENS;
      const result = await runCodeAction(
        params,
        { llm, syntax: await syntax(), root, sources, contextTokens, verdict: context.skipReason?.bind(context) },
        (update) => void connection.sendNotification(CodeActionProgressNotification.type, update),
        abort.signal,
      );
      logger.info(`Action ${params.action} on ${params.path}: ${result.kind}, ${result.edits?.reduce((n, e) => n + e.hunks.length, 0) ?? 0} hunk(s), context ${result.contextId}.`);
      return result;
    } catch (error) {
      throw toResponseError(error, token.isCancellationRequested, logger.error.bind(logger));
    } finally {
      subscription.dispose();
    }
  };

  return {
    onSettingsChanged(raw) {
      applySettings(raw);
    },
    async dispose() {
      // Nothing to close: the LLM layer keeps no connections open between requests.
    },
  };
}

/** A failure as the client sees it: the user-facing message plus `data.kind` so it can offer the right next step. */
function toResponseError(error: unknown, cancelled: boolean, logError: (message: string) => void): ResponseError<CodeActionErrorData> {
  if (cancelled || (isLlmError(error) && error.kind === "cancelled")) {
    return new ResponseError(LSPErrorCodes.RequestCancelled, "The action was cancelled; nothing was changed.", { kind: "cancelled" });
  }
  if (isLlmError(error)) {
    const data: CodeActionErrorData = { kind: error.kind, ...(error.kind === "no-provider" ? { setupCommand: SET_API_KEY_COMMAND } : {}) };
    return new ResponseError(ErrorCodes.InternalError, error.message, data);
  }
  if (error instanceof UnusableReplyError || error instanceof ActionRequestError || error instanceof ContextTooLargeError) {
    const code = error instanceof ActionRequestError ? ErrorCodes.InvalidParams : ErrorCodes.InternalError;
    return new ResponseError(code, error.message, { kind: error.kind });
  }
  logError(`Action failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new ResponseError(ErrorCodes.InternalError, `The action failed: ${error instanceof Error ? error.message : String(error)}`, { kind: "internal" });
}

function isInside(root: string, relative: string): boolean {
  const full = path.resolve(root, relative);
  return full === root || full.startsWith(root + path.sep);
}

/** A workspace file's text for context, or undefined when missing, outside the folder, too large or binary. */
function readWorkspaceFile(root: string | undefined, relative: string): string | undefined {
  if (!root || !isInside(root, relative)) return undefined;
  const full = path.join(root, relative);
  try {
    if (statSync(full).size > MAX_CONTEXT_FILE_BYTES) return undefined;
    const text = readFileSync(full, "utf8");
    return text.includes("\0") || text.includes("\uFFFD") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The project's rules for the model, from `.vibe/rules.md` (capped so a huge file cannot eat the budget). */
function readRules(root: string | undefined): LlmContextRule[] {
  const text = readWorkspaceFile(root, RULES_FILE)?.trim();
  if (!text) return [];
  return [{ source: RULES_FILE, text: text.length > MAX_RULES_CHARS ? `${text.slice(0, MAX_RULES_CHARS)}\n… (truncated)` : text }];
}
