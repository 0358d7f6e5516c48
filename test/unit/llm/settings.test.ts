import { strict as assert } from "node:assert";
import { LLM_SETTING_DEFAULTS, resolveLlmSettings } from "../../../server/src/llm/settings";
import { chooseProvider } from "../../../server/src/llm/providerSelection";

describe("LLM settings", () => {
  it("falls back per key on wrong types, clamps numbers and drops malformed overrides", () => {
    const s = resolveLlmSettings({
      provider: "gpt",
      maxAttempts: 99,
      dailyBudgetUsd: -5,
      endpoint: "  http://127.0.0.1:11434/v1 ",
      modelPerAction: { explain: "claude-haiku-4-5", refactor: 3 },
      prices: { good: { input: 1, output: 2 }, bad: { input: "x" } },
      anthropicModel: "",
    });
    assert.equal(s.provider, "auto");
    assert.equal(s.maxAttempts, 10);
    assert.equal(s.dailyBudgetUsd, 0);
    assert.equal(s.endpoint, "http://127.0.0.1:11434/v1");
    assert.deepEqual(s.modelPerAction, { explain: "claude-haiku-4-5" });
    assert.deepEqual(s.prices, { good: { input: 1, output: 2 } });
    assert.equal(s.anthropicModel, LLM_SETTING_DEFAULTS.anthropicModel);
    assert.deepEqual(resolveLlmSettings(undefined), LLM_SETTING_DEFAULTS);
  });

  it("auto prefers Anthropic with a key, then a local endpoint, else nothing", () => {
    const none = (): undefined => undefined;
    const key = (p: string) => (p === "anthropic" ? "k" : undefined);
    const withEndpoint = { ...LLM_SETTING_DEFAULTS, endpoint: "http://127.0.0.1:1234/v1" };
    assert.equal(chooseProvider(LLM_SETTING_DEFAULTS, none), undefined);
    assert.equal(chooseProvider(withEndpoint, none)?.id, "openai-compatible");
    assert.equal(chooseProvider(withEndpoint, key)?.id, "anthropic");
    assert.equal(chooseProvider({ ...withEndpoint, provider: "openai-compatible" }, key)?.id, "openai-compatible");
    assert.equal(chooseProvider({ ...LLM_SETTING_DEFAULTS, provider: "anthropic" }, none), undefined);
  });
});
