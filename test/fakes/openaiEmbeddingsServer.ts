import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault the next request gets instead of a normal answer; queued with `failNext`. */
export type EmbeddingsFault =
  | { kind: "status"; status: number; message?: string; retryAfterMs?: number }
  | { kind: "body"; body: unknown }
  | { kind: "hang" };

export interface RecordedEmbeddingsRequest {
  model: string;
  input: string[];
  authorization: string | undefined;
}

export interface FakeEmbeddingsServer {
  /** Base URL to use as the endpoint setting, e.g. http://127.0.0.1:PORT/v1. */
  readonly url: string;
  /** Every POST /v1/embeddings received, in order (including ones answered with a fault). */
  readonly requests: RecordedEmbeddingsRequest[];
  /** Queues faults; each request takes the first one left, then the server answers normally again. */
  failNext(...faults: EmbeddingsFault[]): void;
  close(): Promise<void>;
}

export interface FakeEmbeddingsServerOptions {
  dimensions?: number;
  /** Models the server knows; others get a 404 like OpenAI's "model not found". */
  models?: string[];
  /** Answer with `data` in reverse order (each item keeps its `index`), as some servers do. */
  reverseOrder?: boolean;
}

/**
 * The vector the fake returns for `text`: derived from its SHA-256, deliberately NOT unit length (scaled by 3) so
 * tests can see the client normalize it. Exported so tests can compute the expected direction.
 */
export function fakeEmbeddingFor(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  let block = createHash("sha256").update(text).digest();
  while (vector.length < dimensions) {
    for (let i = 0; i + 1 < block.length && vector.length < dimensions; i += 2) vector.push(((block.readUInt16BE(i) / 65535) * 2 - 1) * 3);
    block = createHash("sha256").update(block).digest();
  }
  return vector;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function openAiError(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) speaking the OpenAI embeddings API (`POST /v1/embeddings`), so tests run
 * the real `openai` SDK against it: its request building, retries, timeouts and error classes.
 */
export async function startFakeEmbeddingsServer(options: FakeEmbeddingsServerOptions = {}): Promise<FakeEmbeddingsServer> {
  const dimensions = options.dimensions ?? 16;
  const models = options.models ?? ["fake-embed"];
  const requests: RecordedEmbeddingsRequest[] = [];
  const faults: EmbeddingsFault[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== "POST" || request.url !== "/v1/embeddings") {
        sendJson(response, 404, openAiError(`No route ${request.method} ${request.url}`, "invalid_request_error"));
        return;
      }
      let body: { model?: unknown; input?: unknown };
      try {
        body = JSON.parse(await readBody(request)) as typeof body;
      } catch {
        sendJson(response, 400, openAiError("Request body is not JSON.", "invalid_request_error"));
        return;
      }
      const input = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
      const model = String(body.model);
      requests.push({ model, input, authorization: request.headers.authorization });

      const fault = faults.shift();
      if (fault?.kind === "hang") {
        hanging.add(response);
        return;
      }
      if (fault?.kind === "body") return sendJson(response, 200, fault.body);
      if (fault?.kind === "status") {
        const headers: Record<string, string> = fault.retryAfterMs !== undefined ? { "retry-after-ms": String(fault.retryAfterMs) } : {};
        return sendJson(response, fault.status, openAiError(fault.message ?? `Injected HTTP ${fault.status}`, "server_error"), headers);
      }
      if (!models.includes(model)) {
        return sendJson(response, 404, openAiError(`The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error"));
      }
      if (input.length === 0 || input.some((text) => text === "")) {
        return sendJson(response, 400, openAiError("'$.input' is invalid: input cannot be an empty string.", "invalid_request_error"));
      }
      const data = input.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbeddingFor(text, dimensions) }));
      if (options.reverseOrder) data.reverse();
      sendJson(response, 200, { object: "list", data, model, usage: { prompt_tokens: input.length, total_tokens: input.length } });
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext: (...more) => faults.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
