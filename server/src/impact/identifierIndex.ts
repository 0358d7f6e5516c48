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

export interface IdentifierOverlap {
  /** Share (0–1) of the target's identifier weight (sum of IDF) that also occurs in the candidate. */
  share: number;
  /** The rarest shared identifiers, rarest first: the evidence shown to the user. */
  examples: string[];
}

/** A-Z, a-z, _ and $ (ASCII identifiers; other scripts are rare in code names and skipped). */
function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

export class IdentifierIndex {
  private readonly idOf = new Map<string, number>();
  private readonly names: string[] = [];
  private documentFrequency: Uint32Array = new Uint32Array(4096);
  private readonly files = new Map<string, Uint32Array>();

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
    const sorted = Uint32Array.from(ids).sort();
    for (const id of sorted) this.documentFrequency[id] += 1;
    this.files.set(path, sorted);
  }

  removeFile(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    for (const id of old) this.documentFrequency[id] -= 1;
    this.files.delete(path);
  }

  /**
   * A scorer for candidates against one target: how much of the target's vocabulary, weighted by rarity, each
   * candidate also uses. Undefined when the target is not indexed.
   */
  overlapWith(target: string, exampleCount = 3): ((candidate: string) => IdentifierOverlap | undefined) | undefined {
    const targetIds = this.files.get(target);
    if (!targetIds) return undefined;
    const weights = new Float64Array(targetIds.length);
    let total = 0;
    targetIds.forEach((id, i) => {
      weights[i] = this.inverseDocumentFrequency(id);
      total += weights[i];
    });
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
      const examples = shared
        .sort((a, b) => weights[b] - weights[a])
        .slice(0, exampleCount)
        .map((i) => this.names[targetIds[i]]);
      return { share: sharedWeight / total, examples };
    };
  }

  /** ln(N / (1 + files using it)), floored at 0 so names used almost everywhere count for nothing. */
  private inverseDocumentFrequency(id: number): number {
    return Math.max(0, Math.log(this.files.size / (1 + this.documentFrequency[id])));
  }

  private intern(name: string): number {
    let id = this.idOf.get(name);
    if (id !== undefined) return id;
    id = this.names.length;
    // A slice of the file's text can keep the whole text alive; the dictionary stores a copy of its own.
    const own = Buffer.from(name, "latin1").toString("latin1");
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
