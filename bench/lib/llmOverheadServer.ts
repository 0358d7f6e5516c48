/**
 * The server side of the LLM-overhead benchmark: `vibe/codeAction.run` against the fake Anthropic server at zero
 * latency, timed from the moment the request is sent to the first streamed token, to the context stage's end and to
 * the result. The baseline replays the very same request bodies straight through the SDK in this process, so the
 * difference between the two is what the extension adds on top of the model's own first byte.
 */
import Anthropic from "@anthropic-ai/sdk";
import { performance } from "node:perf_hooks";
import type { ProtocolConnection } from "vscode-languageserver-protocol/node";
import {
  CodeActionProgressNotification,
  RunCodeActionRequest,
  type CodeActionProgressParams,
  type RunCodeActionParams,
} from "../../shared/protocol/actions";
import { SetApiKeyNotification } from "../../shared/protocol/llm";
import type { FakeLlmServer } from "../../test/fakes/fakeLlmCore";
import type { BenchServer } from "./serverClient";

/** The reply every fake request gets: a short Markdown explanation, streamed word by word. */
export const FAKE_EXPLANATION =
  "This function **normalizes** its input and returns early when the value is already in the expected shape. " +
  "Otherwise it walks the keys, copies what it needs and hands the result to the caller. See the related definitions below.";

/** One timed `vibe/codeAction.run`. All times are milliseconds after the request was sent. */
export interface ActionTiming {
  path: string;
  firstTokenMs: number;
  /** When the server announced the "model" stage, i.e. context assembly and prompt building were done. */
  contextDoneMs: number;
  /**
   * Target facts, context assembly and the prompt: the server's `contextMs`, or (from servers that do not send it)
   * the time between the "context" and "model" stage notifications.
   */
  contextStageMs: number;
  resultMs: number;
  /** How many related locations the context assembly found (a sanity check that search was really used). */
  related: number;
  /** Of those, how many are in files importing the target (found through the import graph). */
  importerRelated: number;
}

/** One SDK call replayed against the fake, timed in this process. */
export interface SdkTiming {
  firstTokenMs: number;
  doneMs: number;
}

/**
 * The benchmark needs two custom messages BenchServer has no method for (`vibe/setApiKey`, `vibe/codeAction.run`) and
 * the progress notifications. BenchServer keeps its connection private, so it is read here rather than opening a
 * second client on the same pipes.
 */
function connectionOf(server: BenchServer): ProtocolConnection {
  return (server as unknown as { connection: ProtocolConnection }).connection;
}

/** Routes progress notifications to the run that asked for them, by run id. */
export class ActionRunner {
  private readonly listeners = new Map<string, (update: CodeActionProgressParams) => void>();
  private readonly connection: ProtocolConnection;
  private next = 0;

  constructor(server: BenchServer) {
    this.connection = connectionOf(server);
    this.connection.onNotification(CodeActionProgressNotification.type, (update) => this.listeners.get(update.runId)?.(update));
  }

  setAnthropicKey(key: string): Promise<void> {
    return this.connection.sendNotification(SetApiKeyNotification.type, { provider: "anthropic", key });
  }

  /** Runs /explain on `path` at `cursorLine` and times its stages; rejects when the run fails. */
  async explain(path: string, documentText: string, cursorLine: number): Promise<ActionTiming> {
    const runId = `bench-${this.next++}`;
    let firstTokenMs = Number.NaN;
    let contextStartMs = Number.NaN;
    let contextDoneMs = Number.NaN;
    let serverContextMs: number | undefined;
    const params: RunCodeActionParams = {
      action: "explain",
      runId,
      uri: `file:///bench/${path}`,
      path,
      documentVersion: 1,
      documentText,
      cursorLine,
      bypassCache: true,
    };
    const start = performance.now();
    this.listeners.set(runId, (update) => {
      const at = performance.now() - start;
      if (update.stage === "context" && Number.isNaN(contextStartMs)) contextStartMs = at;
      if (update.stage === "model" && Number.isNaN(contextDoneMs)) {
        contextDoneMs = at;
        serverContextMs = update.contextMs;
      }
      if (update.textDelta && Number.isNaN(firstTokenMs)) firstTokenMs = at;
    });
    try {
      const result = await this.connection.sendRequest(RunCodeActionRequest.type, params);
      const resultMs = performance.now() - start;
      if (result.kind !== "explanation" || !result.markdown) throw new Error(`${path}: expected an explanation, got ${result.kind}`);
      if (Number.isNaN(firstTokenMs)) throw new Error(`${path}: the result arrived without any streamed text`);
      // The server's own figure when it sends one: notifications queued during synchronous work arrive together.
      const contextStageMs = serverContextMs ?? contextDoneMs - contextStartMs;
      return { path, firstTokenMs, contextDoneMs, contextStageMs, resultMs, related: result.related.length, importerRelated: result.related.filter((r) => r.importsTarget).length };
    } finally {
      this.listeners.delete(runId);
    }
  }
}

/** One SDK client for every replay, as the server keeps one per provider. */
export function sdkClientFor(fake: FakeLlmServer): Anthropic {
  return new Anthropic({ baseURL: fake.url, apiKey: "bench-key", maxRetries: 0 });
}

/**
 * Replays a request body the server sent to the fake, through the real SDK in this process: the floor any client
 * of that endpoint pays for the same prompt (HTTP, SSE parsing, the SDK's own work).
 */
export async function replayThroughSdk(client: Anthropic, rawBody: string): Promise<SdkTiming> {
  const body = JSON.parse(rawBody) as Anthropic.MessageCreateParamsStreaming;
  const start = performance.now();
  let firstTokenMs = Number.NaN;
  const stream = await client.messages.create({ ...body, stream: true });
  for await (const event of stream) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta" && Number.isNaN(firstTokenMs)) {
      firstTokenMs = performance.now() - start;
    }
  }
  const doneMs = performance.now() - start;
  if (Number.isNaN(firstTokenMs)) throw new Error("the fake's reply streamed no text");
  return { firstTokenMs, doneMs };
}
