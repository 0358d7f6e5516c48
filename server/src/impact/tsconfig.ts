import { parse, type ParseError } from "jsonc-parser";
import * as path from "node:path";

/** The module-resolution settings of one tsconfig/jsconfig, with every directory workspace-relative. */
export interface ResolutionConfig {
  /** Directory of the config file ("" at the workspace root). */
  configDir: string;
  /** Directory non-relative specifiers resolve from (TS `baseUrl`), when set. */
  baseDir?: string;
  /** `paths` patterns with their targets already joined onto the directory they are relative to. */
  paths: Array<{ prefix: string; suffix: string; wildcard: boolean; targets: string[] }>;
}

interface RawCompilerOptions {
  baseUrl?: unknown;
  paths?: unknown;
}

interface RawConfig {
  extends?: unknown;
  compilerOptions?: RawCompilerOptions;
}

const MAX_EXTENDS_DEPTH = 8;

/** Parses JSON with comments and trailing commas (tsconfig's dialect); undefined when it is not an object. */
export function parseJsonWithComments(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return value !== null && typeof value === "object" ? value : undefined;
}

function joinDir(dir: string, relative: string): string {
  const joined = path.posix.normalize(path.posix.join(dir, relative));
  return joined === "." ? "" : joined.replace(/\/$/, "");
}

/**
 * Reads the config at `configPath` (workspace-relative), following relative `extends` chains, and returns its
 * `baseUrl`/`paths` in workspace terms. `readText` returns undefined for a missing file; a broken config yields
 * undefined rather than an error, since imports then simply stay unresolved.
 */
export function loadResolutionConfig(
  configPath: string,
  readText: (workspacePath: string) => string | undefined,
): ResolutionConfig | undefined {
  const configDir = path.posix.dirname(configPath) === "." ? "" : path.posix.dirname(configPath);
  let baseDir: string | undefined;
  let paths: { entries: Record<string, unknown>; relativeTo: string } | undefined;
  let current: string | undefined = configPath;
  for (let depth = 0; current && depth < MAX_EXTENDS_DEPTH; depth += 1) {
    const text = readText(current);
    if (text === undefined) return depth === 0 ? undefined : { configDir, baseDir, paths: compilePaths(paths) };
    const raw = parseJsonWithComments(text) as RawConfig | undefined;
    if (!raw) break;
    const dir = path.posix.dirname(current) === "." ? "" : path.posix.dirname(current);
    const options = raw.compilerOptions ?? {};
    // The nearest config that sets an option wins, as in TypeScript; values are relative to the file that sets them.
    if (baseDir === undefined && typeof options.baseUrl === "string") baseDir = joinDir(dir, options.baseUrl);
    if (paths === undefined && options.paths && typeof options.paths === "object") {
      paths = { entries: options.paths as Record<string, unknown>, relativeTo: dir };
    }
    const parent = typeof raw.extends === "string" ? raw.extends : Array.isArray(raw.extends) ? raw.extends[0] : undefined;
    if (typeof parent !== "string" || !parent.startsWith(".")) break;
    const target = joinDir(dir, parent);
    current = target.endsWith(".json") ? target : `${target}.json`;
  }
  if (paths && baseDir !== undefined) paths.relativeTo = baseDir;
  return { configDir, baseDir, paths: compilePaths(paths) };
}

function compilePaths(paths: { entries: Record<string, unknown>; relativeTo: string } | undefined): ResolutionConfig["paths"] {
  if (!paths) return [];
  const compiled: ResolutionConfig["paths"] = [];
  for (const [pattern, targets] of Object.entries(paths.entries)) {
    if (!Array.isArray(targets)) continue;
    const star = pattern.indexOf("*");
    compiled.push({
      prefix: star >= 0 ? pattern.slice(0, star) : pattern,
      suffix: star >= 0 ? pattern.slice(star + 1) : "",
      wildcard: star >= 0,
      targets: targets.filter((target): target is string => typeof target === "string").map((target) => joinDir(paths.relativeTo, target)),
    });
  }
  // TypeScript prefers the pattern with the longest prefix before the wildcard.
  return compiled.sort((a, b) => Number(a.wildcard) - Number(b.wildcard) || b.prefix.length - a.prefix.length);
}
