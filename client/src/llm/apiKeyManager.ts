import { commands, window, type Disposable, type ExtensionContext, type LogOutputChannel, type QuickPickItem } from "vscode";
import { LLM_PROVIDER_IDS, SetApiKeyNotification, type LlmProviderId } from "../../../shared/protocol/llm";
import { describeError } from "../log";
import type { ServerClient } from "../serverClient";

export const SET_API_KEY_COMMAND = "vibeCoder.setApiKey";

/** SecretStorage keys; the value is only ever read to hand it to the server's memory. */
function secretKey(provider: LlmProviderId): string {
  return `vibeCoder.llm.apiKey.${provider}`;
}

interface ProviderItem extends QuickPickItem {
  provider: LlmProviderId;
}

const PROVIDER_ITEMS: ProviderItem[] = [
  { provider: "anthropic", label: "Anthropic", description: "Claude models through the Anthropic API" },
  {
    provider: "openai-compatible",
    label: "OpenAI-compatible",
    description: "Ollama, LM Studio, vLLM or any /v1 endpoint (set vibeCoder.llm.endpoint; local servers often need no key)",
  },
];

/**
 * Keeps LLM API keys in VS Code's SecretStorage only (never settings, logs or the index) and hands them to the
 * server's memory: once each time a server starts, and again whenever a key changes (also from another window).
 */
export function registerApiKeys(context: ExtensionContext, server: ServerClient, log: LogOutputChannel): Disposable[] {
  const push = async (providers: readonly LlmProviderId[]): Promise<void> => {
    if (server.state !== "running") return; // A server that starts later gets every key on "running".
    try {
      const client = await server.whenReady();
      for (const provider of providers) {
        const key = (await context.secrets.get(secretKey(provider))) ?? null;
        await client.sendNotification(SetApiKeyNotification.type, { provider, key });
      }
    } catch (error) {
      log.warn(`Could not pass the API keys to the server: ${describeError(error)}`);
    }
  };

  const setApiKey = async (): Promise<void> => {
    const picked = await window.showQuickPick(PROVIDER_ITEMS, { title: "Vibe Coder: Set API Key", placeHolder: "Which LLM provider is the key for?" });
    if (!picked) return;
    const hasKey = (await context.secrets.get(secretKey(picked.provider))) !== undefined;
    const key = await window.showInputBox({
      title: `Vibe Coder: ${picked.label} API key`,
      prompt: `Kept in VS Code's secret storage and never written to settings or logs.${hasKey ? " Leave empty to remove the stored key." : ""}`,
      placeHolder: picked.provider === "anthropic" ? "sk-ant-…" : "API key (leave empty if your endpoint needs none)",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    const trimmed = key.trim();
    if (trimmed === "") {
      if (!hasKey) return;
      await context.secrets.delete(secretKey(picked.provider));
      log.info(`The ${picked.label} API key was removed.`);
      void window.showInformationMessage(`Vibe Coder: the ${picked.label} API key was removed.`);
      return;
    }
    await context.secrets.store(secretKey(picked.provider), trimmed);
    log.info(`A ${picked.label} API key was stored in secret storage.`);
    void window.showInformationMessage(`Vibe Coder: ${picked.label} API key saved.`);
  };

  return [
    commands.registerCommand(SET_API_KEY_COMMAND, setApiKey),
    context.secrets.onDidChange((event) => {
      const provider = LLM_PROVIDER_IDS.find((p) => secretKey(p) === event.key);
      if (provider) void push([provider]);
    }),
    server.onDidChangeState((state) => {
      if (state === "running") void push(LLM_PROVIDER_IDS);
    }),
  ];
}
