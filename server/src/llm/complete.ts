import { streamCutError } from "./errors";
import type { LlmCompletion, LlmProvider, LlmRequest, LlmUsage } from "./types";

export interface CompleteHooks {
  /** Each text delta, in order, as it arrives. */
  onText?: (text: string) => void;
  /** The first event of any kind arrived (the provider is answering). */
  onFirstEvent?: () => void;
  /** The latest usage the provider reported; also called before a failure so partial usage can be counted. */
  onUsage?: (usage: LlmUsage) => void;
}

/**
 * Consumes one provider stream into a completion. A stream that ends without a stop event throws "stream-cut";
 * other failures propagate as the provider threw them (always `LlmError`s from our providers).
 */
export async function complete(
  provider: LlmProvider,
  request: LlmRequest,
  signal: AbortSignal,
  hooks: CompleteHooks = {},
): Promise<LlmCompletion> {
  const completion: LlmCompletion = { text: "", toolCalls: [], usage: { inputTokens: 0, outputTokens: 0 }, stopReason: "end" };
  let first = true;
  let stopped = false;
  for await (const event of provider.stream(request, signal)) {
    if (first) {
      first = false;
      hooks.onFirstEvent?.();
    }
    switch (event.type) {
      case "text":
        completion.text += event.text;
        hooks.onText?.(event.text);
        break;
      case "tool-use":
        completion.toolCalls.push(event.call);
        break;
      case "usage":
        completion.usage = { ...event.usage };
        hooks.onUsage?.(completion.usage);
        break;
      case "stop":
        completion.stopReason = event.reason;
        stopped = true;
        break;
    }
  }
  if (!stopped) throw streamCutError("the provider stream ended without a stop event");
  return completion;
}
