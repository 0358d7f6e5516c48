import type { Disposable, ExtensionContext, LogOutputChannel } from "vscode";
import { InlineDiffController } from "../inlineDiff/inlineDiffController";
import type { ServerClient } from "../serverClient";
import { DiffApplyPanels } from "../webviews/diffApply/diffApplyPanel";
import { registerActionCommands } from "./actionCommands";
import { registerApiKeys } from "./apiKeyManager";
import { ExplainView } from "./explainView";
import { registerVibeCodeActions } from "./fixCodeActions";
import { ActionProgressRouter } from "./progressRouter";
import { ReadOnlyDocuments } from "./readOnlyDocuments";
import { registerUsageCommands } from "./usageView";

/** Everything the LLM actions add to the extension: key management, the action commands, inline diff, panels, usage views. */
export function registerLlmFeatures(context: ExtensionContext, server: ServerClient, log: LogOutputChannel): Disposable[] {
  const documents = new ReadOnlyDocuments();
  const router = new ActionProgressRouter();
  const inlineDiff = new InlineDiffController();
  const diffPanels = new DiffApplyPanels(context.extensionUri, log);
  const explain = new ExplainView(documents, log);
  return [
    documents,
    router,
    inlineDiff,
    diffPanels,
    ...registerApiKeys(context, server, log),
    ...registerActionCommands({ server, log, router, inlineDiff, explain, diffPanels }),
    ...registerUsageCommands(server, log, documents),
    registerVibeCodeActions(),
  ];
}
