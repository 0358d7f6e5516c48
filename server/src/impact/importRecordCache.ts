import { createHash } from "node:crypto";
import { readJsonFile, writeJsonAtomic } from "../util/jsonFile";
import { decodeSortedIds, encodeSortedIds } from "../util/sortedIdCodec";
import { IDENTIFIER_SCAN_VERSION, IdentifierRenumbering, type IdentifierList } from "./identifierIndex";
import { IMPORT_EXTRACT_VERSION, type ImportRecord } from "./importExtract";

export interface ImportRecordCacheStats {
  hits: number;
  misses: number;
}

/** What was read from one version of a file. */
export interface CachedFile {
  hash: string;
  records: ImportRecord[];
  /** The identifiers it uses (absent when only its imports were kept). */
  identifiers?: IdentifierList;
}

interface StoredEntry {
  hash: string;
  records: ImportRecord[];
  /** Indexes into the file's `vocabulary`, encoded by `encodeSortedIds`. */
  identifiers?: string;
}

/** An entry as loaded: its identifiers stay encoded until a build asks for them (most files, on a reopen). */
interface Entry extends CachedFile {
  encodedIdentifiers?: string;
}

interface CacheFile {
  /** FORMAT_VERSION, IMPORT_EXTRACT_VERSION and IDENTIFIER_SCAN_VERSION: what other code wrote is not trusted. */
  version: string;
  /** Every identifier the entries use, once: the entries' lists are numbers, not repeated strings. */
  vocabulary: string[];
  entries: Record<string, StoredEntry>;
}

const FORMAT_VERSION = 2;

function currentVersion(): string {
  return `${FORMAT_VERSION}.${IMPORT_EXTRACT_VERSION}.${IDENTIFIER_SCAN_VERSION}`;
}

/** A content hash of a file's bytes; sha1 is plenty to tell versions of one file apart and costs ~1 ms per MB. */
export function contentHash(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64");
}

function isRecordList(value: unknown): value is ImportRecord[] {
  return Array.isArray(value) && value.every((record) => typeof record?.specifier === "string" && Array.isArray(record.names));
}


/**
 * The import statements and identifiers found in each file, kept between runs and keyed by a hash of the file's bytes.
 * Parsing is most of the cost of building the import graph (about 12 of 18 s on a 10k-file repository), and scanning
 * for identifiers most of what is left on a reopen; after a window reload or a server restart almost every file is
 * unchanged, so only new and edited files are parsed and scanned again.
 *
 * Records are stored before module resolution: where an import points depends on other files (tsconfig paths,
 * package.json files), which are resolved afresh on every build.
 */
export class ImportRecordCache {
  private entries = new Map<string, Entry>();
  /** The names the loaded entries' identifier ids point into. */
  private vocabulary: readonly string[] = [];
  private dirty = false;
  readonly stats: ImportRecordCacheStats = { hits: 0, misses: 0 };

  private constructor(private readonly path: string) {}

  /**
   * Reads the cache at `path`. A missing, corrupt or outdated file gives an empty cache (reported through `onProblem`
   * when it was there but unusable); the graph is then simply built by parsing every file.
   */
  static async open(path: string, onProblem?: (message: string) => void): Promise<ImportRecordCache> {
    const cache = new ImportRecordCache(path);
    const stored = (await readJsonFile(path, (error) => onProblem?.(`the import cache ${path} is unreadable (${error.message}); every file will be parsed`))) as Partial<CacheFile> | undefined;
    if (stored === undefined) return cache;
    if (stored.version !== currentVersion() || typeof stored.entries !== "object" || stored.entries === null) {
      // An older extractor wrote it (or it is not ours): start over, and replace it on the next save.
      cache.dirty = true;
      return cache;
    }
    if (Array.isArray(stored.vocabulary) && stored.vocabulary.every((name) => typeof name === "string")) cache.vocabulary = stored.vocabulary;
    for (const [file, entry] of Object.entries(stored.entries)) {
      if (typeof entry?.hash !== "string" || !isRecordList(entry.records)) {
        cache.dirty = true;
        continue;
      }
      const encodedIdentifiers = typeof entry.identifiers === "string" ? entry.identifiers : undefined;
      cache.entries.set(file, { hash: entry.hash, records: entry.records, encodedIdentifiers });
    }
    return cache;
  }

  /** What was saved for `file` when its content still hashes to `hash`. */
  get(file: string, hash: string): CachedFile | undefined {
    const entry = this.entries.get(file);
    if (entry?.hash === hash) {
      this.stats.hits += 1;
      if (entry.encodedIdentifiers !== undefined) {
        const ids = decodeSortedIds(entry.encodedIdentifiers, this.vocabulary.length);
        entry.encodedIdentifiers = undefined;
        // A damaged list costs only a scan of the file, whose identifiers are then saved afresh.
        if (ids) entry.identifiers = { ids, names: this.vocabulary };
        else this.dirty = true;
      }
      return entry;
    }
    this.stats.misses += 1;
    return undefined;
  }

  set(file: string, hash: string, records: ImportRecord[], identifiers?: IdentifierList): void {
    this.entries.set(file, { hash, records, identifiers });
    this.dirty = true;
  }

  /**
   * Points a reused entry at the identifier index's copy of the same list, so the copy loaded from disk can be freed.
   * Nothing changed, so this alone does not make the cache worth saving.
   */
  shareIdentifiers(file: string, identifiers: IdentifierList): void {
    const entry = this.entries.get(file);
    if (entry) entry.identifiers = identifiers;
  }

  /** Drops files that are no longer in the workspace, so the cache does not grow with every deleted file. */
  keepOnly(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) {
      if (files.has(file)) continue;
      this.entries.delete(file);
      this.dirty = true;
    }
  }

  /** Writes the cache (atomically: a killed server leaves the old file or the new one) when anything changed. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeJsonAtomic(this.path, this.toStored());
    this.dirty = false;
  }

  /**
   * The entries with their identifier lists renumbered into one vocabulary of the names they use. Lists can refer to
   * different tables (the index's dictionary, the vocabulary loaded from disk). Entries no build asked for are decoded
   * against the loaded vocabulary and renumbered like the rest.
   */
  private toStored(): CacheFile {
    const vocabulary: string[] = [];
    const idOfName = new Map<string, number>();
    const renumbering = new IdentifierRenumbering((name) => {
      let id = idOfName.get(name);
      if (id === undefined) {
        id = vocabulary.push(name) - 1;
        idOfName.set(name, id);
      }
      return id;
    });
    const entries: Record<string, StoredEntry> = {};
    for (const [file, { hash, records, identifiers, encodedIdentifiers }] of this.entries) {
      const stored: StoredEntry = { hash, records };
      const unread = encodedIdentifiers === undefined ? undefined : decodeSortedIds(encodedIdentifiers, this.vocabulary.length);
      const list = identifiers ?? (unread ? { ids: unread, names: this.vocabulary } : undefined);
      if (list) stored.identifiers = encodeSortedIds(renumbering.renumber(list).sort());
      entries[file] = stored;
    }
    return { version: currentVersion(), vocabulary, entries };
  }
}
