import { ApiKeyStore } from "../../../server/src/llm/apiKeys";
import { LlmService, type LlmRunParams } from "../../../server/src/llm/llmService";
import { LLM_SETTING_DEFAULTS, type LlmSettings } from "../../../server/src/llm/settings";
import { LlmError } from "../../../server/src/llm/errors";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { collectingLogger, recordingSleep, tempDir } from "./llmTestKit";

export const TEST_KEY = "sk-ant-api03-TESTKEY-must-never-leak-0123456789";

/** A service wired to a fake Anthropic server, with instant sleeps and a settable clock. */
export function serviceFor(server: FakeLlmServer | undefined, settings: Partial<LlmSettings> = {}, opts: { key?: string | null; breaker?: { failureThreshold: number; cooldownMs: number } } = {}) {
  const dir = tempDir();
  const logger = collectingLogger();
  const { sleep, waits } = recordingSleep();
  const clock = { time: Date.parse("2026-05-04T10:00:00") };
  const keys = new ApiKeyStore();
  if (opts.key !== null) keys.set("anthropic", opts.key ?? TEST_KEY);
  const fullSettings: LlmSettings = { ...LLM_SETTING_DEFAULTS, anthropicBaseUrl: server?.url ?? "", ...settings };
  const make = (): LlmService =>
    new LlmService({
      storagePath: dir.path,
      logger,
      settings: fullSettings,
      getApiKey: (p) => keys.get(p),
      clock: { sleep, random: () => 0.5, now: () => clock.time },
      breaker: opts.breaker,
    });
  return { service: make(), reopen: make, dir, logger, waits, clock, keys, settings: fullSettings };
}

export function ask(text: string, extra: Partial<LlmRunParams> = {}): LlmRunParams {
  return { command: "explain", system: "You explain code.", messages: [{ role: "user", content: text }], ...extra };
}

export async function runFailure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error("expected the run to fail");
}
