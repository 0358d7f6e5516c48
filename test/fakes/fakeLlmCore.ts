import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The script format shared by the fake Anthropic and OpenAI servers. It is plain JSON so e2e tests can hand a
 * file to the CLI entry; unit tests may pass a function of the request instead.
 */
export interface FakeToolUse {
  id?: string;
  name: string;
  input: unknown;
}

export interface FakeStep {
  /** Non-200 answers with the provider's error body (e.g. 429, 529, 500, 401). */
  status?: number;
  /** Sent as the `retry-after` header: seconds ("1", "0.05") or an HTTP date. */
  retryAfter?: string;
  errorType?: string;
  errorMessage?: string;
  /** Reply text; a string is streamed word by word, an array chunk by chunk. */
  text?: string | string[];
  toolUses?: FakeToolUse[];
  /** Provider-native stop reason ("end_turn", "max_tokens" / "stop", "length"); derived when absent. */
  stopReason?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Waits this long before sending status and headers ("slow first byte"). */
  firstByteDelayMs?: number;
  /** Waits this long between streamed events. */
  eventDelayMs?: number;
  /** Destroys the socket after this many SSE events (streaming) or after half the body (JSON). */
  cutAfterEvents?: number;
  /** Sends a body (or SSE data line) that is not valid JSON. */
  invalidJson?: boolean;
  /** Sends exactly this body with `status` (default 200) and `contentType` (default text/plain). */
  rawBody?: string;
  contentType?: string;
}

export interface FakeRule {
  /** The step applies when the raw request body contains this string. */
  whenBodyIncludes: string;
  step: FakeStep;
  /** How many times the rule may fire; unlimited when absent. */
  times?: number;
}

export interface FakeScript {
  /** Matched first, in order. */
  rules?: FakeRule[];
  /** Then consumed one per request, in order. */
  steps?: FakeStep[];
  /** Used when no rule matches and the steps are used up; without it the fake answers 500 "script exhausted". */
  fallback?: FakeStep;
}

export type FakeScriptInput = FakeScript | FakeStep[] | ((request: RecordedRequest) => FakeStep);

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  /** True when the client closed the connection before the reply was complete (cancellation, timeout). */
  closedByClient: boolean;
  /** Resolves when the connection for this request has closed, for whatever reason. */
  closed: Promise<void>;
}

export interface FakeLlmServer {
  /** Pass this as the SDK's baseURL (OpenAI: it already ends in /v1). */
  url: string;
  origin: string;
  port: number;
  requests: RecordedRequest[];
  setScript(script: FakeScriptInput): void;
  close(): Promise<void>;
}

/** Everything a wire format needs from the core to answer one request. */
export interface ReplyContext {
  step: FakeStep;
  request: RecordedRequest;
  res: ServerResponse;
  /** False once the client went away: stop writing. */
  alive: () => boolean;
}

/** What a successful step says, before a wire format shapes it (both formats derive the same parts). */
export interface ScriptedReply {
  /** The request's `stream` flag. */
  stream: boolean;
  model: string;
  /** The streamed text pieces; `text` is their concatenation. */
  chunks: string[];
  text: string;
  tools: Array<{ id: string; name: string; input: unknown }>;
  inputTokens: number;
  outputTokens: number;
}

export interface WireFormat {
  /** The one route this format answers, e.g. "/v1/messages". */
  path: string;
  /** Suffix of `url` after the origin, e.g. "" for Anthropic, "/v1" for OpenAI. */
  urlSuffix: string;
  /** Used when the request names no model. */
  defaultModel: string;
  /** Prefix of generated tool-call ids, e.g. "toolu_fake". */
  toolIdPrefix: string;
  /** The JSON error body this API sends for a scripted failure status. */
  errorBody(step: FakeStep): unknown;
  /** Writes a successful reply. */
  reply(ctx: ReplyContext, parts: ScriptedReply): Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits `ms`, or less when the client hangs up first, so a long scripted delay never outlives its request. */
function delayUnlessClosed(ms: number, closed: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void closed.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Splits reply text into the chunks the fake streams. */
export function textChunks(text: string | string[] | undefined): string[] {
  if (text === undefined) return [];
  if (Array.isArray(text)) return text;
  return text.match(/\S+\s*|\s+/g) ?? [];
}

export function approxTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A tool's input JSON in two halves, the way real APIs stream partial tool arguments. */
export function jsonHalves(input: unknown): string[] {
  const json = JSON.stringify(input ?? {});
  const half = Math.ceil(json.length / 2);
  return [json.slice(0, half), json.slice(half)].filter((part) => part.length > 0);
}

/** Answers a scripted failure in the format's error shape, or derives the parts of a successful reply and writes it. */
async function replyFromStep(format: WireFormat, ctx: ReplyContext): Promise<void> {
  const { step, request } = ctx;
  if (step.status && step.status !== 200) {
    const headers: Record<string, string> = step.retryAfter ? { "retry-after": step.retryAfter } : {};
    writeJson(ctx, step.status, JSON.stringify(format.errorBody(step)), headers);
    return;
  }
  const body = (request.body ?? {}) as { stream?: boolean; model?: string };
  const chunks = textChunks(step.text);
  const text = chunks.join("");
  const tools = (step.toolUses ?? []).map((t, i) => ({ id: t.id ?? `${format.toolIdPrefix}_${request.index}_${i}`, name: t.name, input: t.input }));
  await format.reply(ctx, {
    stream: body.stream === true,
    model: body.model ?? format.defaultModel,
    chunks,
    text,
    tools,
    inputTokens: step.usage?.inputTokens ?? approxTokens(request.rawBody),
    outputTokens: step.usage?.outputTokens ?? approxTokens(text + JSON.stringify(tools)),
  });
}

/** Writes SSE events honouring the step's delay and cut; returns false when it stopped early. */
export async function writeSse(ctx: ReplyContext, events: Array<{ event?: string; data: string }>): Promise<boolean> {
  const { res, step } = ctx;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  for (let i = 0; i < events.length; i++) {
    if (!ctx.alive()) return false;
    if (step.cutAfterEvents !== undefined && i >= step.cutAfterEvents) {
      res.socket?.destroy();
      return false;
    }
    const e = events[i];
    // Waiting for each write to reach the socket means a later cut really happens after these events.
    await new Promise<void>((resolve) => res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${e.data}\n\n`, () => resolve()));
    if (step.eventDelayMs) await sleep(step.eventDelayMs);
  }
  res.end();
  return true;
}

export function writeJson(ctx: ReplyContext, status: number, body: string, headers: Record<string, string> = {}): void {
  const { res, step } = ctx;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  if (step.cutAfterEvents !== undefined) {
    res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

function normalizeScript(input: FakeScriptInput): (request: RecordedRequest) => FakeStep {
  if (typeof input === "function") return input;
  const script: FakeScript = Array.isArray(input) ? { steps: input } : input;
  const rules = (script.rules ?? []).map((r) => ({ ...r, left: r.times ?? Infinity }));
  const steps = [...(script.steps ?? [])];
  return (request) => {
    const rule = rules.find((r) => r.left > 0 && request.rawBody.includes(r.whenBodyIncludes));
    if (rule) {
      rule.left--;
      return rule.step;
    }
    const next = steps.shift();
    if (next) return next;
    return script.fallback ?? { status: 500, errorType: "api_error", errorMessage: "fake script exhausted" };
  };
}

/** Starts a fake LLM server on 127.0.0.1 speaking `format`. Port 0 picks a free port. */
export async function startFakeLlmServer(format: WireFormat, script: FakeScriptInput, port = 0): Promise<FakeLlmServer> {
  let nextStep = normalizeScript(script);
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end("fake server error");
      else res.socket?.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0];

    // Admin endpoints let an e2e test running the fake as a separate process inspect and re-script it.
    if (path === "/_fake/requests") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(requests.map(({ closed: _closed, ...rest }) => rest)));
      return;
    }
    if (path === "/_fake/script" && req.method === "POST") {
      nextStep = normalizeScript(JSON.parse(rawBody) as FakeScript);
      res.writeHead(204).end();
      return;
    }

    let finished = false;
    let closeResolve: () => void = () => undefined;
    const record: RecordedRequest = {
      index: requests.length,
      method: req.method ?? "GET",
      path,
      headers: { ...req.headers },
      rawBody,
      body: parseJson(rawBody),
      closedByClient: false,
      closed: new Promise<void>((resolve) => (closeResolve = resolve)),
    };
    requests.push(record);
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) record.closedByClient = true;
      closeResolve();
    });

    if (path !== format.path || req.method !== "POST") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "not_found_error", message: `no route ${req.method} ${path}` } }));
      return;
    }
    const step = nextStep(record);
    if (step.firstByteDelayMs) await delayUnlessClosed(step.firstByteDelayMs, record.closed);
    const ctx: ReplyContext = { step, request: record, res, alive: () => !record.closedByClient && !res.destroyed };
    if (!ctx.alive()) return;
    if (step.rawBody !== undefined) {
      res.writeHead(step.status ?? 200, { "content-type": step.contentType ?? "text/plain" });
      res.end(step.rawBody);
      return;
    }
    await replyFromStep(format, ctx);
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const origin = `http://127.0.0.1:${actualPort}`;
  return {
    url: origin + format.urlSuffix,
    origin,
    port: actualPort,
    requests,
    setScript: (s) => (nextStep = normalizeScript(s)),
    // Closing twice is harmless, so a test's cleanup can close whatever server it last started.
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The CLI entry shared by both fakes: `--script <file.json> --port <n>`; prints the URL, stops on SIGTERM/SIGINT. */
export async function runFakeCli(start: (script: FakeScriptInput, port: number) => Promise<FakeLlmServer>): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scriptFile = value("--script");
  const script: FakeScript = scriptFile ? (JSON.parse(readFileSync(scriptFile, "utf8")) as FakeScript) : {};
  const server = await start(script, Number(value("--port") ?? 0));
  process.stdout.write(`${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
