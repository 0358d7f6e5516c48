/**
 * Which identifiers each source file uses, and in how many files each identifier occurs. Two files that use the same
 * rare names (`scopeId`, `slotScopeIds`) tend to change together even when neither imports the other and history has
 * not linked them yet; on the vuejs/core replay this was the one kind of evidence that still raised Hit@3 and MRR once
 * co-change, imports, tests and names were in the ranker.
 *
 * Files are kept as sorted arrays of dictionary ids (not strings), so a 10k-file workspace costs a few MB.
 */

/** Identifiers of three or more characters; shorter ones (`i`, `el`, `fn`) say nothing about what a file is about. */
const MIN_IDENTIFIER_LENGTH = 3;
/** A generated or minified file can hold a huge vocabulary; past this it is not worth comparing. */
const MAX_IDENTIFIERS_PER_FILE = 20_000;
/**
 * A name used by at most this many files keeps the list of those files, so "which files use my rare names" is answered
 * from the lists instead of by comparing the target with every file (~40 ms per target on 10k files). Names past it
 * are common enough that they would not make a file a candidate anyway.
 */
const MAX_FILES_PER_RARE_NAME = 64;
/** Marks a name that outgrew MAX_FILES_PER_RARE_NAME: its file list is dropped for good. */
const COMMON = null;

/**
 * Bump when what `setFile` counts as an identifier changes (the constants above, the character classes below):
 * identifier lists saved by another version are then scanned again rather than trusted.
 */
export const IDENTIFIER_SCAN_VERSION = 1;

/**
 * A file's identifiers as ids into a table of names: the index's own dictionary (`identifiersOf`) or the vocabulary
 * saved with the import cache. Lets a reopened workspace skip scanning files whose content has not changed.
 */
export interface IdentifierList {
  ids: ArrayLike<number>;
  names: readonly string[];
}

export interface SimilarFile {
  path: string;
  /** Share of the target's identifier weight found in this file, counting only rare names (a lower bound). */
  rareShare: number;
}

export interface IdentifierOverlap {
  /** Share (0–1) of the target's identifier weight (sum of IDF) that also occurs in the candidate. */
  share: number;
  /**
   * The rarest shared identifiers, compound names (camelCase, snake_case) before plain words, rarest first within
   * each: the evidence shown to the user.
   */
  examples: string[];
}

/** A-Z, a-z, _ and $ (ASCII identifiers; other scripts are rare in code names and skipped). */
function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

/** camelCase (`slotScopeIds`) or snake_case (`MAX_DEPTH`): a name someone made up, not a word. */
function isCompoundName(name: string): boolean {
  return /[a-z][A-Z]|[A-Za-z0-9]_[A-Za-z0-9]/.test(name);
}

/**
 * Renumbers identifier lists from any table of names into one dictionary (`intern` gives a name's id there), looking
 * each distinct (table, id) pair up once: a list then costs one array read per id, not one string lookup.
 */
export class IdentifierRenumbering {
  /** By table: its ids' new numbers, -1 until first met. */
  private readonly byTable = new WeakMap<readonly string[], Int32Array>();

  constructor(private readonly intern: (name: string) => number) {}

  renumber(list: IdentifierList): Uint32Array {
    let table = this.byTable.get(list.names);
    if (!table || table.length < list.names.length) {
      const grown = new Int32Array(list.names.length).fill(-1);
      if (table) grown.set(table);
      this.byTable.set(list.names, (table = grown));
    }
    const ids = new Uint32Array(list.ids.length);
    for (let i = 0; i < ids.length; i += 1) {
      const from = list.ids[i];
      let to = table[from];
      if (to < 0) to = table[from] = this.intern(list.names[from]);
      ids[i] = to;
    }
    return ids;
  }
}

export class IdentifierIndex {
  private readonly idOf = new Map<string, number>();
  private readonly names: string[] = [];
  private documentFrequency: Uint32Array = new Uint32Array(4096);
  private readonly files = new Map<string, Uint32Array>();
  /** By id: the files using a rare name, COMMON once too many do, undefined when none does. */
  private readonly filesUsing: Array<string[] | typeof COMMON | undefined> = [];
  /** From a saved vocabulary's ids to this dictionary's. */
  private readonly fromSaved = new IdentifierRenumbering((name) => this.intern(name, false));

  get fileCount(): number {
    return this.files.size;
  }

  /** Replaces what `path` uses with the identifiers in `text`. */
  setFile(path: string, text: string): void {
    this.removeFile(path);
    const ids = new Set<number>();
    // A char-code scan rather than a global regex: no match object per identifier on a hot startup path.
    for (let i = 0; i < text.length && ids.size < MAX_IDENTIFIERS_PER_FILE; ) {
      if (!isIdentifierStart(text.charCodeAt(i))) {
        i += 1;
        continue;
      }
      let end = i + 1;
      while (end < text.length && isIdentifierPart(text.charCodeAt(end))) end += 1;
      if (end - i >= MIN_IDENTIFIER_LENGTH) ids.add(this.intern(text.slice(i, end)));
      i = end;
    }
    this.addFile(path, Uint32Array.from(ids).sort());
  }

  /**
   * Replaces what `path` uses with a list saved earlier (by `identifiersOf`, possibly in another process): the same
   * result as `setFile` on the text the list was made from, at a fraction of the cost, since only each distinct name
   * of a table is looked up, once. Every id must index `list.names` (the import cache checks what it loads).
   */
  setFileIdentifiers(path: string, list: IdentifierList): void {
    this.removeFile(path);
    const ids = list.names === this.names ? Uint32Array.from(list.ids) : this.fromSaved.renumber(list);
    ids.sort();
    // A hand-edited vocabulary could name one identifier twice; counting it twice would skew its document frequency.
    let unique = 0;
    for (let i = 0; i < ids.length; i += 1) if (i === 0 || ids[i] !== ids[i - 1]) ids[unique++] = ids[i];
    this.addFile(path, unique === ids.length ? ids : ids.slice(0, unique));
  }

  /** What `path` uses, as ids into this index's dictionary (shared, not copied: treat it as read-only). */
  identifiersOf(path: string): IdentifierList | undefined {
    const ids = this.files.get(path);
    return ids ? { ids, names: this.names } : undefined;
  }

  /** Records a file's sorted, distinct ids: document frequencies and the rare names' file lists. */
  private addFile(path: string, sorted: Uint32Array): void {
    for (const id of sorted) {
      this.documentFrequency[id] += 1;
      const users = this.filesUsing[id];
      if (users === COMMON) continue;
      if (users === undefined) this.filesUsing[id] = [path];
      else if (users.length < MAX_FILES_PER_RARE_NAME) users.push(path);
      else this.filesUsing[id] = COMMON;
    }
    this.files.set(path, sorted);
  }

  removeFile(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    for (const id of old) {
      this.documentFrequency[id] -= 1;
      // A name that went COMMON stays so even if files drop it again: rebuilding its list would need a full scan.
      const users = this.filesUsing[id];
      if (!users) continue;
      const at = users.indexOf(path);
      if (at >= 0) users.splice(at, 1);
      if (users.length === 0) this.filesUsing[id] = undefined;
    }
    this.files.delete(path);
  }

  /**
   * The files that share the most of `target`'s rare vocabulary, best first, found through the rare names' file lists:
   * related files that neither history nor imports link to the target (a new file, a folder without git).
   */
  similarFiles(target: string, limit: number, minShare = 0): SimilarFile[] {
    const targetIds = this.files.get(target);
    if (!targetIds || limit <= 0) return [];
    const { weights, total } = this.weightsOf(targetIds);
    if (total === 0) return [];
    const weightOf = new Map<string, number>();
    targetIds.forEach((id, i) => {
      const users = this.filesUsing[id];
      if (!users || weights[i] <= 0) return;
      for (const path of users) if (path !== target) weightOf.set(path, (weightOf.get(path) ?? 0) + weights[i]);
    });
    return [...weightOf]
      .map(([path, weight]) => ({ path, rareShare: weight / total }))
      .filter((file) => file.rareShare >= minShare)
      .sort((a, b) => b.rareShare - a.rareShare || a.path.localeCompare(b.path))
      .slice(0, limit);
  }

  /**
   * A scorer for candidates against one target: how much of the target's vocabulary, weighted by rarity, each
   * candidate also uses. Undefined when the target is not indexed.
   */
  overlapWith(target: string, exampleCount = 3): ((candidate: string) => IdentifierOverlap | undefined) | undefined {
    const targetIds = this.files.get(target);
    if (!targetIds) return undefined;
    const { weights, total } = this.weightsOf(targetIds);
    if (total === 0) return undefined;
    return (candidate) => {
      const candidateIds = this.files.get(candidate);
      if (!candidateIds) return undefined;
      let sharedWeight = 0;
      const shared: number[] = [];
      // Both arrays are sorted: one merge pass finds the common ids.
      for (let i = 0, j = 0; i < targetIds.length && j < candidateIds.length; ) {
        if (targetIds[i] < candidateIds[j]) i += 1;
        else if (targetIds[i] > candidateIds[j]) j += 1;
        else {
          if (weights[i] > 0) {
            sharedWeight += weights[i];
            shared.push(i);
          }
          i += 1;
          j += 1;
        }
      }
      // Compound names first: they read as code, where a rare plain word (a comment's "IDE", a built-in type's
      // "Exclude") looks like noise to the user even when it counted. Ties go by name, not by id: ids depend on the
      // order files were read (or loaded from the cache).
      const nameAt = (i: number): string => this.names[targetIds[i]];
      const examples = shared
        .sort((a, b) => Number(isCompoundName(nameAt(b))) - Number(isCompoundName(nameAt(a))) || weights[b] - weights[a] || (nameAt(a) < nameAt(b) ? -1 : 1))
        .slice(0, exampleCount)
        .map(nameAt);
      return { share: sharedWeight / total, examples };
    };
  }

  /** Each id's IDF, in the order of `ids`, and their sum: the target side of both similarity measures. */
  private weightsOf(ids: Uint32Array): { weights: Float64Array; total: number } {
    const weights = new Float64Array(ids.length);
    let total = 0;
    ids.forEach((id, i) => {
      weights[i] = this.inverseDocumentFrequency(id);
      total += weights[i];
    });
    return { weights, total };
  }

  /** ln(N / (1 + files using it)), floored at 0 so names used almost everywhere count for nothing. */
  private inverseDocumentFrequency(id: number): number {
    return Math.max(0, Math.log(this.files.size / (1 + this.documentFrequency[id])));
  }

  /** `fromText`: the name is a slice of a file's text, which would keep the whole text alive; a copy is stored. */
  private intern(name: string, fromText = true): number {
    let id = this.idOf.get(name);
    if (id !== undefined) return id;
    id = this.names.length;
    const own = fromText ? Buffer.from(name, "latin1").toString("latin1") : name;
    this.idOf.set(own, id);
    this.names.push(own);
    if (id >= this.documentFrequency.length) {
      const grown = new Uint32Array(this.documentFrequency.length * 2);
      grown.set(this.documentFrequency);
      this.documentFrequency = grown;
    }
    return id;
  }
}
