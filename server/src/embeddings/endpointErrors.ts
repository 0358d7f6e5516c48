import { APIConnectionError, APIConnectionTimeoutError, APIError, AuthenticationError, NotFoundError, PermissionDeniedError } from "openai";

/** Raised when an endpoint answers 200 with a body that is not a usable embeddings response. */
export class EmbeddingResponseShapeError extends Error {}

export interface EndpointContext {
  endpoint: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

/** The innermost cause's message, e.g. "connect ECONNREFUSED 127.0.0.1:11434" under the SDK's "Connection error.". */
function rootCause(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
    if (current instanceof Error && current.message) {
      const code = (current as NodeJS.ErrnoException).code;
      message = code && !current.message.includes(code) ? `${code}: ${current.message}` : current.message;
    }
  }
  return message.replace(/\.$/, "");
}

/** The server's own error text from an OpenAI-style `{ error: { message } }` body, or the SDK's message. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : error.message;
  return text.replace(/\.$/, "");
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function attempts(context: EndpointContext): string {
  const count = context.maxRetries + 1;
  return count === 1 ? "1 attempt" : `${count} attempts`;
}

/** Turns whatever the SDK or our validation threw into one sentence that tells the user what to fix. */
export function describeEndpointError(error: unknown, context: EndpointContext): string {
  const where = `the embeddings endpoint at ${context.endpoint}`;
  if (error instanceof EmbeddingResponseShapeError) return `The embeddings endpoint at ${context.endpoint} returned an unexpected response: ${error.message}`;
  if (error instanceof APIConnectionTimeoutError) {
    return `The embeddings endpoint at ${context.endpoint} did not answer within ${formatDuration(context.timeoutMs)} (${attempts(context)}).`;
  }
  if (error instanceof APIConnectionError) return `Could not reach ${where}: ${rootCause(error)}.`;
  if (error instanceof NotFoundError) {
    return `The embeddings endpoint at ${context.endpoint} answered 404 for model "${context.model}" (${serverMessage(error)}); check the model name and that the URL ends in /v1.`;
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return `The embeddings endpoint at ${context.endpoint} refused the API key (HTTP ${error.status}): ${serverMessage(error)}.`;
  }
  if (error instanceof APIError && error.status !== undefined) {
    const retried = error.status === 429 || error.status >= 500 ? ` after ${attempts(context)}` : "";
    return `The embeddings endpoint at ${context.endpoint} failed with HTTP ${error.status}${retried}: ${serverMessage(error)}.`;
  }
  return `Embedding through ${where} failed: ${rootCause(error)}.`;
}

/**
 * Checks an `embeddings.create` response and returns the vectors in input order. OpenAI-compatible servers differ
 * (some omit `index`, some return them out of order), so order comes from `index` when every item has one.
 */
export function vectorsFromResponse(response: unknown, expectedCount: number): number[][] {
  const data = (response as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new EmbeddingResponseShapeError("it has no `data` array.");
  if (data.length !== expectedCount) throw new EmbeddingResponseShapeError(`it holds ${data.length} embeddings for ${expectedCount} inputs.`);
  const items = data as Array<{ index?: unknown; embedding?: unknown }>;
  const allIndexed = items.every((item) => typeof item?.index === "number");
  const ordered = new Array<number[]>(expectedCount);
  items.forEach((item, position) => {
    const slot = allIndexed ? (item.index as number) : position;
    if (!Number.isInteger(slot) || slot < 0 || slot >= expectedCount || ordered[slot] !== undefined) {
      throw new EmbeddingResponseShapeError(`embedding index ${String(item?.index)} is out of range or repeated.`);
    }
    const embedding = item?.embedding;
    if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((value) => typeof value === "number" && Number.isFinite(value))) {
      throw new EmbeddingResponseShapeError(`embedding ${slot} is not a non-empty list of finite numbers.`);
    }
    ordered[slot] = embedding as number[];
  });
  const dimensions = ordered[0].length;
  const odd = ordered.findIndex((vector) => vector.length !== dimensions);
  if (odd >= 0) throw new EmbeddingResponseShapeError(`embedding ${odd} has ${ordered[odd].length} dimensions, embedding 0 has ${dimensions}.`);
  return ordered;
}
