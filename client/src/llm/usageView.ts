import { commands, window, type LogOutputChannel } from "vscode";
import { LlmContextRequest, LlmUsageRequest, type LlmDayUsage, type LlmUsageResult, type LlmUsageTotals } from "../../../shared/protocol/llm";
import { describeError } from "../log";
import type { ServerClient } from "../serverClient";
import { requireServer } from "../serverGate";
import type { ReadOnlyDocuments } from "./readOnlyDocuments";

const usd = (value: number): string => `$${value.toFixed(value < 1 ? 4 : 2)}`;

function totalsRow(label: string, t: LlmUsageTotals): string {
  return `| ${label} | ${t.requests} | ${t.cachedRequests} | ${t.failedRequests} | ${t.inputTokens} | ${t.outputTokens} | ${usd(t.costUsd)}${t.estimated ? " (estimated)" : ""} |`;
}

const HEADER = "| | requests | from cache | failed | input tokens | output tokens | cost |\n|---|---:|---:|---:|---:|---:|---:|";

/** The usage report as Markdown: budget left, today by command, and the last days. */
export function usageMarkdown(usage: LlmUsageResult): string {
  const lines = ["# Vibe Coder LLM usage", ""];
  lines.push(
    usage.dailyBudgetUsd === null
      ? `Today: **${usd(usage.today.costUsd)}** spent; no daily budget is set (vibeCoder.llm.dailyBudgetUsd).`
      : `Today: **${usd(usage.today.costUsd)}** of the **${usd(usage.dailyBudgetUsd)}** daily budget spent; **${usd(usage.budgetLeftUsd ?? 0)}** left.`,
    "",
    `## Today (${usage.today.date}) by command`,
    "",
    HEADER,
  );
  const commandsToday = Object.entries(usage.today.byCommand).sort((a, b) => b[1].costUsd - a[1].costUsd);
  for (const [command, totals] of commandsToday) lines.push(totalsRow(command, totals));
  lines.push(totalsRow("**total**", usage.today), "", "## By day", "", HEADER);
  for (const day of usage.days as LlmDayUsage[]) lines.push(totalsRow(day.date, day));
  lines.push("", "*Costs use the provider's list prices; rows marked estimated used a fallback price for an unknown model.*", "");
  return lines.join("\n");
}

/** "Vibe Coder: Show LLM Usage" and "Vibe Coder: Show Last LLM Context". */
export function registerUsageCommands(server: ServerClient, log: LogOutputChannel, documents: ReadOnlyDocuments) {
  const showUsage = async (): Promise<void> => {
    if (!(await requireServer(server))) return;
    try {
      const usage = await server.sendRequest(LlmUsageRequest.type, { days: 14 });
      const uri = documents.uri("/Vibe Coder LLM Usage.md");
      documents.set(uri, usageMarkdown(usage));
      await commands.executeCommand("markdown.showPreview", uri);
    } catch (error) {
      log.warn(`LLM usage: ${describeError(error)}`);
      void window.showErrorMessage(`Vibe Coder: could not read the LLM usage: ${describeError(error)}`);
    }
  };

  const showLastContext = async (): Promise<void> => {
    if (!(await requireServer(server))) return;
    try {
      const list = await server.sendRequest(LlmContextRequest.type, { limit: 20 });
      const newest = [...list.summaries].sort((a, b) => b.time.localeCompare(a.time))[0];
      if (!newest) {
        void window.showInformationMessage("Vibe Coder: no LLM request was made yet in this workspace.");
        return;
      }
      const { record } = await server.sendRequest(LlmContextRequest.type, { id: newest.id });
      if (!record) {
        void window.showInformationMessage("Vibe Coder: the last LLM request's record is no longer kept.");
        return;
      }
      const uri = documents.uri(`/llm-context/${record.command}-${record.id}.json`);
      documents.set(uri, JSON.stringify(record, null, 2) + "\n");
      await window.showTextDocument(uri, { preview: true });
    } catch (error) {
      log.warn(`LLM context: ${describeError(error)}`);
      void window.showErrorMessage(`Vibe Coder: could not read the last LLM context: ${describeError(error)}`);
    }
  };

  return [commands.registerCommand("vibeCoder.showLlmUsage", showUsage), commands.registerCommand("vibeCoder.showLastLlmContext", showLastContext)];
}
