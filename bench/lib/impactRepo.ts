/**
 * Scratch copies of vuejs/core for the impact benchmark: a shared clone (so the server's git mining runs unchanged)
 * and a working tree kept in step with a replayed commit by writing only the files that commit changed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { findVueGitDir } from "./vueRepo";

export const IMPACT_SCRATCH = process.env.VIBE_IMPACT_SCRATCH ?? "/tmp/vibe-impact-bench";

/** Code files the replay ranks (tests included: test↔source pairs are scored separately). */
export function isSourcePath(path: string): boolean {
  return /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts|vue)$/.test(path) && !path.includes("node_modules/");
}

/** Files the import graph needs besides code: manifests and TS configs, so aliases and packages resolve. */
export function isGraphConfigPath(path: string): boolean {
  return /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json)$/.test(path);
}

export function gitIn(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
}

/** A clone sharing the mirror's objects (instant, no checkout) whose HEAD the benchmark can move. */
export function prepareClone(name = "vue"): string {
  const mirror = findVueGitDir();
  const dir = join(IMPACT_SCRATCH, name);
  if (!existsSync(join(dir, ".git"))) {
    mkdirSync(IMPACT_SCRATCH, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    execFileSync("git", ["clone", "-q", "--no-checkout", "--shared", mirror, dir]);
  }
  return dir;
}

/** path → blob id of the files at `commit` that `accept` keeps. */
export function listTree(repo: string, commit: string, accept: (path: string) => boolean): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of gitIn(repo, ["ls-tree", "-r", "-z", commit]).split("\0")) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match && match[1] !== "120000" && accept(match[3])) files.set(match[3], match[2]);
  }
  return files;
}

/** Blob contents for many (path → blob id) entries with one `git cat-file --batch`. */
export function readBlobs(repo: string, blobIds: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (blobIds.length === 0) return blobs;
  const result = spawnSync("git", ["cat-file", "--batch"], { cwd: repo, input: `${blobIds.join("\n")}\n`, maxBuffer: 1024 ** 3 });
  if (result.status !== 0) throw new Error(`git cat-file failed: ${result.stderr.toString()}`);
  const out = result.stdout;
  let offset = 0;
  while (offset < out.length) {
    const headerEnd = out.indexOf(0x0a, offset);
    const [id, type, sizeText] = out.subarray(offset, headerEnd).toString("utf8").split(" ");
    if (type === "missing") throw new Error(`git object ${id} is missing`);
    const size = Number(sizeText);
    blobs.set(id, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/** Writes a whole tree (path → blob id) under `dir`, replacing what was there. */
export function materialize(repo: string, dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  writeFiles(repo, dir, files);
}

/** Writes the given files (path → blob id) under `dir`. */
export function writeFiles(repo: string, dir: string, files: Map<string, string>): void {
  const blobs = readBlobs(repo, [...new Set(files.values())]);
  for (const [path, blob] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, blobs.get(blob) ?? "");
  }
}

/** path → blob id, after `commit`, of the given paths (missing paths were deleted). */
export function blobsAt(repo: string, commit: string, paths: string[]): Map<string, string> {
  const result = new Map<string, string>();
  if (paths.length === 0) return result;
  const out = gitIn(repo, ["ls-tree", "-z", commit, "--", ...paths]);
  for (const entry of out.split("\0")) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match) result.set(match[3], match[2]);
  }
  return result;
}
