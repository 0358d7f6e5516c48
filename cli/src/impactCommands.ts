import { existsSync } from "node:fs";
import * as path from "node:path";
import { AssessImpactRequest, CatchUpRequest, FileRiskRequest, type ImpactTarget } from "../../shared/protocol/impact";
import { formatCatchUp, formatImpact } from "./formatImpact";
import type { ServerConnection } from "./serverConnection";

/** A parsed `vibe impact` or `vibe catchup` invocation. */
export type ImpactCommand =
  | { command: "impact"; file?: string; line?: number; diff: boolean; limit?: number; json: boolean }
  | { command: "catchup"; since?: string; limit?: number; json: boolean };

export interface ImpactCommandInput {
  command: "impact" | "catchup";
  folder: string;
  /** Positionals after the folder. */
  rest: string[];
  since?: string;
  diff: boolean;
  limit?: number;
  json: boolean;
}

/** Checks the arguments before a server is started; a string is the usage error to print (exit code 2). */
export function parseImpactCommand(input: ImpactCommandInput): ImpactCommand | string {
  if (input.command === "catchup") {
    if (input.rest.length > 0) return `"vibe catchup" takes no argument after the folder (got "${input.rest.join(" ")}"); use --since <rev|date>.`;
    if (input.diff) return "--diff belongs to vibe impact.";
    if (input.since !== undefined && input.since.trim() === "") return "--since needs a revision or a date.";
    return { command: "catchup", since: input.since, limit: input.limit, json: input.json };
  }
  if (input.since !== undefined) return "--since belongs to vibe catchup.";
  if (input.diff) {
    if (input.rest.length > 0) return '"vibe impact --diff" assesses every changed file; give no file with it.';
    return { command: "impact", diff: true, limit: input.limit, json: input.json };
  }
  if (input.rest.length !== 1) return '"vibe impact" needs one file, e.g. vibe impact . src/app.ts:42 (or --diff).';
  const match = /^(.*):(\d+)$/.exec(input.rest[0]);
  const file = match ? match[1] : input.rest[0];
  const line = match ? Number(match[2]) : undefined;
  if (!file) return "The file name is empty.";
  if (line !== undefined && line < 1) return "Lines are counted from 1.";
  return { command: "impact", file: resolveFile(input.folder, file), line, diff: false, limit: input.limit, json: input.json };
}

/**
 * A file given on the command line: absolute as is; relative to the current directory when it exists there (shell
 * completion gives such paths), else relative to the folder.
 */
function resolveFile(folder: string, file: string): string {
  if (path.isAbsolute(file)) return file;
  const fromCwd = path.resolve(file);
  return existsSync(fromCwd) ? fromCwd : path.resolve(folder, file);
}

/** The innermost function whose lines contain `line`, from a `vibe/fileRisk` answer. */
function functionAtLine<T extends { startLine: number; endLine: number }>(functions: readonly T[], line: number): T | undefined {
  let best: T | undefined;
  for (const candidate of functions) {
    if (candidate.startLine > line || candidate.endLine < line) continue;
    if (!best || candidate.endLine - candidate.startLine < best.endLine - best.startLine) best = candidate;
  }
  return best;
}

/** Runs a parsed impact/catchup command against a started server; returns the exit code. */
export async function runImpactCommand(server: ServerConnection, command: ImpactCommand): Promise<number> {
  const { connection } = server;
  const print = (value: unknown, text: string) => process.stdout.write(command.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  if (command.command === "catchup") {
    const result = await connection.sendRequest(CatchUpRequest.type, { since: command.since, limit: command.limit });
    print(result, formatCatchUp(result));
    return 0;
  }
  let target: ImpactTarget;
  if (command.diff || command.file === undefined) target = { kind: "diff" };
  else if (command.line === undefined) target = { kind: "file", path: command.file };
  else {
    // The CLI has no editor to ask for the function at the cursor, so it asks the server for the file's outline.
    const outline = await connection.sendRequest(FileRiskRequest.type, { path: command.file });
    const fn = functionAtLine(outline.functions, command.line);
    if (fn) target = { kind: "range", path: command.file, startLine: fn.startLine, endLine: fn.endLine };
    else {
      process.stderr.write(`Line ${command.line} is not inside a function of ${outline.path}: assessing the whole file.\n`);
      target = { kind: "file", path: command.file };
    }
  }
  const result = await connection.sendRequest(AssessImpactRequest.type, { target, limit: command.limit });
  print(result, formatImpact(result));
  // Nothing assessed (missing file, outside the folder) is a failure scripts should notice; the notes say why.
  if (target.kind !== "diff" && result.files.length === 0) {
    if (command.json) for (const note of result.notes) process.stderr.write(`${note}\n`);
    return 1;
  }
  return 0;
}
