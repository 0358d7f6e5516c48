import type { Disposable, ExtensionContext, LogOutputChannel } from "vscode";
import { registerAssessImpact } from "../commands/assessImpact";
import { registerCatchUp } from "../commands/catchUp";
import type { ServerClient } from "../serverClient";
import { ImpactReportPanel } from "../webviews/impactReport/impactReportPanel";
import { CatchUpMemory } from "./catchUpMemory";
import { registerGitDiffDocuments } from "./gitDiffDocuments";
import { RiskLensProvider } from "./riskCodeLens";

/** Everything of issue 3 on the VS Code side: the two impact commands, Catch Me Up, the report panel and risk lenses. */
export function registerImpactFeatures(context: ExtensionContext, server: ServerClient, log: LogOutputChannel): Disposable[] {
  const panel = new ImpactReportPanel(context, log);
  return [
    panel,
    registerGitDiffDocuments(),
    new RiskLensProvider(server, log),
    ...registerAssessImpact(server, log, panel),
    registerCatchUp(server, log, panel, new CatchUpMemory(context.workspaceState)),
  ];
}
