import { Uri, ViewColumn, commands, window, workspace, type LogOutputChannel } from "vscode";
import type { RelatedLocation, RunCodeActionResult } from "../../../shared/protocol/actions";
import { describeError } from "../log";
import type { ReadOnlyDocuments } from "./readOnlyDocuments";

const EXPLANATION_PATH = "/Vibe Coder Explanation.md";

/** Escapes the characters that would end a Markdown link text early. */
function linkText(text: string): string {
  return text.replace(/[[\]\\]/g, "\\$&");
}

/** A link the Markdown preview opens at the line (`#L<n>`), for a workspace-relative path. */
function locationLink(location: RelatedLocation): string {
  const folder = workspace.workspaceFolders?.[0]?.uri;
  const target = folder ? Uri.joinPath(folder, location.path) : Uri.file(location.path);
  const lines = location.endLine > location.startLine ? `${location.startLine}–${location.endLine}` : `${location.startLine}`;
  const name = location.symbol ? `${location.symbol} (${location.path}:${lines})` : `${location.path}:${lines}`;
  return `- [${linkText(name)}](${target.with({ fragment: `L${location.startLine}` }).toString()}) — ${relationLabel(location)}`;
}

/** How the location relates to the explained code, in words. */
function relationLabel(location: RelatedLocation): string {
  if (!location.importsTarget) return location.reason;
  return location.reason === "import" ? "imports this file" : `${location.reason} in a file importing this one`;
}

/** The footer: related code as links, and what the answer cost. */
export function explanationFooter(result: RunCodeActionResult): string {
  const parts: string[] = [];
  if (result.related.length > 0) parts.push("\n\n---\n\n### Related code\n\n" + result.related.map(locationLink).join("\n"));
  const tokens = `${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`;
  const cost = result.cached ? "from cache, no cost" : `$${result.costUsd.toFixed(4)}`;
  parts.push(`\n\n---\n\n*${result.model} · ${tokens} · ${cost} · "Vibe Coder: Show Last LLM Context" shows exactly what was sent.*\n`);
  return parts.join("");
}

/**
 * The explanation panel: a read-only Markdown document shown in VS Code's Markdown preview, rewritten as streamed
 * text arrives (the preview refreshes on each change), then completed with links to related code.
 */
export class ExplainView {
  private text = "";

  constructor(
    private readonly documents: ReadOnlyDocuments,
    private readonly log: LogOutputChannel,
  ) {}

  private get uri(): Uri {
    return this.documents.uri(EXPLANATION_PATH);
  }

  /** Opens the panel with a heading and a waiting line. */
  async open(heading: string): Promise<void> {
    this.text = `# ${heading}\n\n`;
    this.documents.set(this.uri, `${this.text}*Waiting for the model…*\n`);
    try {
      await commands.executeCommand("markdown.showPreviewToSide", this.uri);
    } catch (error) {
      // Without the built-in Markdown extension the Markdown source is still readable.
      this.log.warn(`Markdown preview unavailable (${describeError(error)}); showing the explanation as text.`);
      await window.showTextDocument(this.uri, { viewColumn: ViewColumn.Beside, preserveFocus: true, preview: true });
    }
  }

  append(delta: string): void {
    this.text += delta;
    this.documents.set(this.uri, this.text, 60);
  }

  finish(result: RunCodeActionResult, heading: string): void {
    const body = result.markdown ?? this.text.slice(`# ${heading}\n\n`.length);
    this.text = `# ${heading}\n\n${body}${explanationFooter(result)}`;
    this.documents.set(this.uri, this.text);
  }

  /** A failed or cancelled run keeps what streamed so far, marked as incomplete. */
  fail(message: string): void {
    this.documents.set(this.uri, `${this.text}\n\n> **Incomplete:** ${message}\n`);
  }
}
