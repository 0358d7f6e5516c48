import { createReadStream } from "node:fs";
import { appendFile, mkdir, readFile, rename, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { MinedCommit } from "./types";

/** Mined commits saved for a workspace, newest first, valid for `head`. */
export interface CachedHistory {
  head: string;
  firstParent: boolean;
  partial: boolean;
  commits: MinedCommit[];
}

/**
 * Where mined history is kept between runs. The NDJSON implementation below is the default; the store may later
 * provide one backed by LanceDB with the same two calls.
 */
export interface HistoryCache {
  /** The saved history, or undefined when there is none or it is unreadable (then the caller re-mines). */
  load(): Promise<CachedHistory | undefined>;
  save(history: CachedHistory): Promise<void>;
}

// 2: bulk merges are expanded into the commits they brought (a version-1 cache lacks those commits).
const FORMAT_VERSION = 2;

interface MetaFile {
  version: number;
  head: string;
  firstParent: boolean;
  partial: boolean;
  /** Number of commit lines in the NDJSON file that belong to this head; lines after it are a torn append. */
  count: number;
  /** Hash of the newest commit line, so an append can check it continues the same history. */
  newestHash?: string;
  /** Byte length of those lines: an append first cuts the file back to it. */
  bytes: number;
}

/**
 * Keeps commits oldest-first in `history.ndjson` (one commit per line, so a new HEAD only appends) and the head they
 * belong to in `history.meta.json`, which is replaced atomically after the append. A crash between the two leaves
 * extra lines that the next load ignores; a corrupt file is reported by `load()` returning undefined.
 */
export class NdjsonHistoryCache implements HistoryCache {
  private readonly dataPath: string;
  private readonly metaPath: string;
  private onDisk: MetaFile | undefined;

  constructor(
    private readonly storageDir: string,
    name = "history",
  ) {
    this.dataPath = join(storageDir, `${name}.ndjson`);
    this.metaPath = join(storageDir, `${name}.meta.json`);
  }

  async load(): Promise<CachedHistory | undefined> {
    let meta: MetaFile;
    try {
      meta = JSON.parse(await readFile(this.metaPath, "utf8")) as MetaFile;
    } catch {
      return undefined;
    }
    if (meta.version !== FORMAT_VERSION || typeof meta.count !== "number" || typeof meta.bytes !== "number") {
      return undefined;
    }
    const oldestFirst: MinedCommit[] = [];
    try {
      const lines = createInterface({ input: createReadStream(this.dataPath, "utf8"), crlfDelay: Infinity });
      for await (const line of lines) {
        if (oldestFirst.length >= meta.count) break;
        const commit = JSON.parse(line) as MinedCommit;
        if (typeof commit.hash !== "string" || !Array.isArray(commit.files)) return undefined;
        oldestFirst.push(commit);
      }
    } catch {
      return undefined;
    }
    if (oldestFirst.length !== meta.count) return undefined;
    if (meta.count > 0 && oldestFirst[oldestFirst.length - 1].hash !== meta.newestHash) return undefined;
    this.onDisk = meta;
    return { head: meta.head, firstParent: meta.firstParent, partial: meta.partial, commits: oldestFirst.reverse() };
  }

  async save(history: CachedHistory): Promise<void> {
    await mkdir(this.storageDir, { recursive: true });
    const commits = history.commits;
    const previous = this.onDisk;
    const extendsDisk =
      previous !== undefined &&
      previous.firstParent === history.firstParent &&
      commits.length >= previous.count &&
      (previous.count === 0 || commits[commits.length - previous.count]?.hash === previous.newestHash);
    let bytes: number;
    if (extendsDisk && previous) {
      const fresh = commits.slice(0, commits.length - previous.count).reverse();
      const text = fresh.map((commit) => `${JSON.stringify(commit)}\n`).join("");
      // Bytes past `previous.bytes` are a torn append from a crash: cut them before appending.
      await truncate(this.dataPath, previous.bytes);
      if (text.length > 0) await appendFile(this.dataPath, text);
      bytes = previous.bytes + Buffer.byteLength(text);
    } else {
      const text = commits.map((commit) => `${JSON.stringify(commit)}\n`).reverse().join("");
      const tmp = `${this.dataPath}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.dataPath);
      bytes = Buffer.byteLength(text);
    }
    const meta: MetaFile = {
      version: FORMAT_VERSION,
      head: history.head,
      firstParent: history.firstParent,
      partial: history.partial,
      count: commits.length,
      newestHash: commits[0]?.hash,
      bytes,
    };
    const tmpMeta = `${this.metaPath}.tmp`;
    await writeFile(tmpMeta, JSON.stringify(meta));
    await rename(tmpMeta, this.metaPath);
    this.onDisk = meta;
  }
}
