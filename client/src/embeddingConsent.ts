import { ConfigurationTarget, commands, window, workspace, type Disposable, type LogOutputChannel } from "vscode";
import type { EmbedderStatus } from "../../shared/protocol/indexing";
import type { ServerClient } from "./serverClient";

export const DOWNLOAD_MODEL = "Download model";
export const NOT_NOW = "Not now";
export const LEXICAL_ONLY = "Use lexical search only";

/**
 * Asks once per session before the server downloads an embedding model, and warns once when the embedder failed.
 * The answer is stored as a setting, which the server re-reads on its own.
 */
export class EmbeddingConsent implements Disposable {
  private askedThisSession = false;
  private warnedThisSession = false;
  private readonly subscription: Disposable;

  constructor(
    server: ServerClient,
    private readonly log: LogOutputChannel,
  ) {
    this.subscription = server.onDidChangeIndexStatus((status) => {
      const embedder = status.embedder;
      if (embedder.state === "needs-consent" && !this.askedThisSession) void this.ask(embedder);
      else if (embedder.state === "failed" && !this.warnedThisSession) this.warn(embedder);
    });
  }

  /** Shows the consent question (also when the user asks for it from the index status). */
  async ask(embedder: EmbedderStatus): Promise<void> {
    this.askedThisSession = true;
    const model = embedder.model ? ` (${embedder.model})` : "";
    const message = embedder.message ?? `Semantic search needs an embedding model${model}, downloaded once. Download it now?`;
    const choice = await window.showInformationMessage(message, DOWNLOAD_MODEL, NOT_NOW, LEXICAL_ONLY);
    const config = workspace.getConfiguration("vibeCoder");
    if (choice === DOWNLOAD_MODEL) {
      this.log.info("The user allowed the embedding model download.");
      await config.update("embeddings.allowDownload", true, ConfigurationTarget.Global);
    } else if (choice === LEXICAL_ONLY) {
      this.log.info("The user chose lexical search only.");
      await config.update("embeddings.provider", "none", ConfigurationTarget.Global);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private warn(embedder: EmbedderStatus): void {
    this.warnedThisSession = true;
    const reason = (embedder.message ?? "the embedding model failed to load").replace(/\.\s*$/, "");
    const message = `Vibe Coder semantic search is off: ${reason}. Search still works with full-text, symbol and path matches.`;
    void window.showWarningMessage(message, "Show Log", "Open Settings").then((choice) => {
      if (choice === "Show Log") void commands.executeCommand("vibeCoder.showLog");
      else if (choice === "Open Settings") void commands.executeCommand("workbench.action.openSettings", "vibeCoder.embeddings");
    });
  }
}
