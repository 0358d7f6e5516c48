import {
  CodeLens,
  EventEmitter,
  Hover,
  MarkdownString,
  Range,
  languages,
  workspace,
  type CancellationToken,
  type CodeLensProvider,
  type Disposable,
  type Event,
  type HoverProvider,
  type LogOutputChannel,
  type Position,
  type TextDocument,
} from "vscode";
import { FileRiskRequest, type FileRiskResult, type FunctionRiskSummary, type TopRiskFactor } from "../../../shared/protocol/impact";
import { describeError } from "../log";
import type { ServerClient } from "../serverClient";
import { toWorkspaceRelativePath } from "../workspacePaths";

export const CODE_LENS_SETTING = "vibeCoder.impact.codeLens";
export const ASSESS_IMPACT_COMMAND = "vibeCoder.assessImpact";

/** What a CodeLens passes to Assess Impact: the file, and the function's lines when the lens sits on one. */
export interface AssessImpactArgs {
  path: string;
  name?: string;
  startLine?: number;
  endLine?: number;
}

interface CacheEntry {
  /** The document version the answer belongs to (the server reads the saved file, so only saved versions count). */
  version: number;
  result?: FileRiskResult;
  pending?: Promise<void>;
}

/** Cached answers per document; beyond this the least recently asked ones go. */
const MAX_CACHED_FILES = 200;

function lensTitle(prefix: string, score: number, top: TopRiskFactor | undefined): string {
  return top ? `${prefix} ${score} · ${top.label}` : `${prefix} ${score}`;
}

/** Functions worth a lens: exported ones (others depend on them) and any that are not low risk. */
function deservesLens(fn: FunctionRiskSummary): boolean {
  return fn.exported || fn.level !== "low";
}

/**
 * Risk where the developer already looks: a CodeLens above the file and above its exported or risky functions, and a
 * hover on their first line. The numbers come from the server's `vibe/fileRisk`, asked in the background and cached
 * per saved document version, so typing never waits for them; a dirty buffer keeps showing the last saved answer.
 */
export class RiskLensProvider implements CodeLensProvider, HoverProvider, Disposable {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly changeEmitter = new EventEmitter<void>();
  private readonly subscriptions: Disposable[] = [];
  readonly onDidChangeCodeLenses: Event<void> = this.changeEmitter.event;

  constructor(
    private readonly server: ServerClient,
    private readonly log: LogOutputChannel,
  ) {
    const selector = { scheme: "file" };
    this.subscriptions.push(
      languages.registerCodeLensProvider(selector, this),
      languages.registerHoverProvider(selector, this),
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CODE_LENS_SETTING)) this.changeEmitter.fire();
      }),
      workspace.onDidSaveTextDocument(() => this.changeEmitter.fire()),
      workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())),
      server.onDidChangeState((state) => {
        // A new server may know more (history mined, graph built): ask again.
        if (state === "running") {
          this.cache.clear();
          this.changeEmitter.fire();
        }
      }),
    );
  }

  private get enabled(): boolean {
    return workspace.getConfiguration().get<boolean>(CODE_LENS_SETTING, true);
  }

  provideCodeLenses(document: TextDocument): CodeLens[] {
    if (!this.enabled) return [];
    const result = this.resultFor(document);
    if (!result) return [];
    const path = result.path;
    const lenses: CodeLens[] = [
      new CodeLens(new Range(0, 0, 0, 0), {
        title: lensTitle("File risk", result.fileRisk.score, result.fileRisk.topFactor),
        tooltip: result.fileRisk.topFactor?.explanation ?? "Vibe Coder's risk score for this file (0–100). Click for the full impact report.",
        command: ASSESS_IMPACT_COMMAND,
        arguments: [{ path } satisfies AssessImpactArgs],
      }),
    ];
    for (const fn of result.functions) {
      if (!deservesLens(fn) || fn.startLine > document.lineCount) continue;
      const line = fn.startLine - 1;
      lenses.push(
        new CodeLens(new Range(line, 0, line, 0), {
          title: lensTitle("Risk", fn.score, fn.topFactor),
          tooltip: fn.topFactor?.explanation ?? `Risk of ${fn.name} (0–100). Click for the full impact report.`,
          command: ASSESS_IMPACT_COMMAND,
          arguments: [{ path, name: fn.name, startLine: fn.startLine, endLine: fn.endLine } satisfies AssessImpactArgs],
        }),
      );
    }
    return lenses;
  }

  provideHover(document: TextDocument, position: Position, _token: CancellationToken): Hover | undefined {
    if (!this.enabled) return undefined;
    // Only what is already known: a hover must appear at once, never wait for the server.
    const result = this.cache.get(document.uri.toString())?.result;
    if (!result) return undefined;
    const line = position.line + 1;
    const fn = result.functions.find((candidate) => candidate.startLine === line);
    if (!fn && line !== 1) return undefined;
    const markdown = new MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: [ASSESS_IMPACT_COMMAND] };
    const args: AssessImpactArgs = fn ? { path: result.path, name: fn.name, startLine: fn.startLine, endLine: fn.endLine } : { path: result.path };
    const subject = fn ? `\`${fn.name}\`` : "this file";
    const score = fn ? fn.score : result.fileRisk.score;
    const level = fn ? fn.level : result.fileRisk.level;
    const top = fn ? fn.topFactor : result.fileRisk.topFactor;
    markdown.appendMarkdown(`**$(pulse) Risk ${score} (${level})** for ${subject}\n\n`);
    if (top) markdown.appendMarkdown(`${top.label}: ${escapeMarkdown(top.explanation)}\n\n`);
    markdown.appendMarkdown(`[Assess impact](command:${ASSESS_IMPACT_COMMAND}?${encodeURIComponent(JSON.stringify([args]))})`);
    return new Hover(markdown);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changeEmitter.dispose();
    this.cache.clear();
  }

  /** The answer to show now; asks the server in the background when the saved file changed since the last answer. */
  private resultFor(document: TextDocument): FileRiskResult | undefined {
    const key = document.uri.toString();
    const entry = this.cache.get(key);
    if (entry) {
      // Refresh the entry's place in the map order (least recently used go first).
      this.cache.delete(key);
      this.cache.set(key, entry);
    }
    const stale = !entry || (!document.isDirty && entry.version !== document.version);
    if (stale && this.server.state === "running" && !entry?.pending) this.fetch(document, entry);
    return entry?.result;
  }

  private fetch(document: TextDocument, previous: CacheEntry | undefined): void {
    const key = document.uri.toString();
    const entry: CacheEntry = { version: document.version, result: previous?.result };
    entry.pending = this.server
      .sendRequest(FileRiskRequest.type, { path: toWorkspaceRelativePath(document.uri) })
      .then(
        (result) => {
          if (result) entry.result = result;
          this.changeEmitter.fire();
        },
        (error: unknown) => {
          // The lens is a convenience: log and show nothing rather than bother the user on every file.
          this.log.warn(`Risk for ${toWorkspaceRelativePath(document.uri)} is unavailable: ${describeError(error)}`);
        },
      )
      .finally(() => {
        entry.pending = undefined;
      });
    this.cache.set(key, entry);
    while (this.cache.size > MAX_CACHED_FILES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}
