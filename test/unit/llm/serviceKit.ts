import { ApiKeyStore } from "../../../server/src/llm/apiKeys";
import { LlmService, type LlmRunParams } from "../../../server/src/llm/llmService";
import { LLM_SETTING_DEFAULTS, type LlmSettings } from "../../../server/src/llm/settings";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { closeFakeAfterEach, collectingLogger, recordingSleep, tempDir } from "./llmTestKit";

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

/**
 * Call inside a describe block: closes the test's fake server and removes the services' folders after each test.
 * Returns `serviceFor`, remembering each folder it makes.
 */
export function serviceSetupPerTest(current: () => FakeLlmServer | undefined): typeof serviceFor {
  const cleanups: Array<() => void> = [];
  closeFakeAfterEach(current);
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  return (...args) => {
    const kit = serviceFor(...args);
    cleanups.push(kit.dir.cleanup);
    return kit;
  };
}
