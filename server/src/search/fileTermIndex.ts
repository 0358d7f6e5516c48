import { pathTerms, tokenizeForSearch } from "../text/identifiers";

/** BM25 parameters for whole files; the same as the benchmark's baseline, which they were tuned on. */
const K1 = 0.9;
const B = 0.4;

/**
 * A posting is one number, `fileId * TF_SLOTS + tf`, in a plain number array per term: about 8 bytes a posting
 * instead of the ~50 a Map entry costs, which at 10k files is the difference between tens and hundreds of MB. A
 * term frequency that does not fit keeps the TF_SLOTS - 1 marker and its exact value in `overflowTf`.
 */
const TF_SLOTS = 1024;
const TF_MARKER = TF_SLOTS - 1;

/** Identifiers repeat a lot in code; their term ids are remembered up to this many distinct identifiers. */
const MEMO_LIMIT = 20_000;
/** Same identifier pattern as `tokenizeForSearch`, which tokenizes each match on its own. */
const IDENTIFIER = /[A-Za-z_$][A-Za-z\d_$]*/g;

/**
 * Whole-file BM25 over term frequencies, in memory. The chunk-level full-text index stores each term once per
 * chunk (a LanceDB constraint, see store/ftsText.ts), which loses term frequency and cross-chunk evidence; a task
 * description usually matches a file as a whole ("reject CR in attribute names" → the attribute config file), so
 * this index ranks files, and search fuses that ranking with the chunk-level signals.
 */
export class FileTermIndex {
  private readonly termIds = new Map<string, number>();
  /** postings[termId] = packed (file id, term frequency) entries, unordered. */
  private readonly postings: number[][] = [];
  private readonly overflowTf = new Map<string, number>();
  /** Per file id: the distinct term ids of the file (undefined when the file is not indexed) and its length. */
  private readonly fileTerms: Array<Uint8Array | undefined> = [];
  private readonly fileLengths: number[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly identifierMemo = new Map<string, number[]>();
  private fileCount = 0;
  private totalLength = 0;

  /** While a bulk load from the store runs: paths the index writer changed since it began (their data is newer). */
  private changedDuringLoad: Set<string> | null = null;

  get size(): number {
    return this.fileCount;
  }

  /**
   * Starts a bulk load (`loadFile`) that runs alongside index writes: from now until `endLoad`, a file set or
   * removed through `setFile`/`removeFile` is newer than anything the load reads, so the load leaves it alone.
   */
  beginLoad(): void {
    this.changedDuringLoad = new Set();
  }

  endLoad(): void {
    this.changedDuringLoad = null;
  }

  /** A bulk-load entry: `first` replaces what an earlier load left, later pieces of the same file are appended. */
  loadFile(path: string, texts: string[], first: boolean): void {
    if (this.changedDuringLoad?.has(path)) return;
    if (first) this.replace(path, texts);
    else this.appendToFile(path, texts);
  }

  /** Replaces what the index knows of `path` with these texts (a file's chunks; overlap is harmless). */
  setFile(path: string, texts: string[]): void {
    this.changedDuringLoad?.add(path);
    this.replace(path, texts);
  }

  private replace(path: string, texts: string[]): void {
    this.drop(path);
    const counts = new Map<number, number>();
    let length = this.countTexts(texts, counts);
    for (const term of pathTerms(path)) {
      const id = this.termId(term);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      length++;
    }
    this.insert(path, counts, length);
  }

  /**
   * Adds more texts to what the index knows of `path` (or starts it, path terms included, as `setFile` would).
   * Lets a caller stream a file's chunks in pieces without holding them all.
   */
  appendToFile(path: string, texts: string[]): void {
    const fileId = this.fileIds.get(path);
    const terms = fileId === undefined ? undefined : this.fileTerms[fileId];
    if (fileId === undefined || terms === undefined) {
      this.replace(path, texts);
      return;
    }
    const counts = new Map<number, number>();
    for (const termId of decodeTermIds(terms)) counts.set(termId, this.termFrequency(termId, fileId));
    const length = this.fileLengths[fileId] + this.countTexts(texts, counts);
    this.drop(path);
    this.insert(path, counts, length);
  }

  removeFile(path: string): void {
    this.changedDuringLoad?.add(path);
    this.drop(path);
  }

  private drop(path: string): void {
    const fileId = this.fileIds.get(path);
    if (fileId === undefined) return;
    const terms = this.fileTerms[fileId];
    if (!terms) return;
    for (const termId of decodeTermIds(terms)) {
      const posting = this.postings[termId];
      for (let i = 0; i < posting.length; i++) {
        if (Math.floor(posting[i] / TF_SLOTS) !== fileId) continue;
        if (posting[i] % TF_SLOTS === TF_MARKER) this.overflowTf.delete(`${termId}:${fileId}`);
        posting[i] = posting[posting.length - 1];
        posting.pop();
        break;
      }
    }
    this.totalLength -= this.fileLengths[fileId];
    this.fileTerms[fileId] = undefined;
    this.fileCount--;
  }

  /** Paths ranked by BM25 for the distinct query terms, best first. */
  search(terms: string[], limit: number, accept: (path: string) => boolean = () => true): Array<{ path: string; score: number }> {
    const n = this.fileCount;
    if (n === 0) return [];
    const averageLength = this.totalLength / n;
    const scores = new Float64Array(this.paths.length);
    const touched: number[] = [];
    for (const term of new Set(terms)) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      const posting = this.postings[termId];
      if (posting.length === 0) continue;
      const idf = Math.log(1 + (n - posting.length + 0.5) / (posting.length + 0.5));
      for (const packed of posting) {
        const fileId = Math.floor(packed / TF_SLOTS);
        let tf = packed % TF_SLOTS;
        if (tf === TF_MARKER) tf = this.overflowTf.get(`${termId}:${fileId}`) ?? tf;
        const length = this.fileLengths[fileId];
        const weight = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
        if (scores[fileId] === 0) touched.push(fileId);
        scores[fileId] += idf * weight;
      }
    }
    return touched
      .map((fileId) => ({ path: this.paths[fileId], score: scores[fileId] }))
      .filter((entry) => accept(entry.path))
      .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
      .slice(0, limit);
  }

  /** Adds the terms of `texts` to `counts` and returns how many there were. */
  private countTexts(texts: string[], counts: Map<number, number>): number {
    let length = 0;
    for (const text of texts) {
      for (const match of text.matchAll(IDENTIFIER)) {
        for (const id of this.identifierTermIds(match[0])) {
          counts.set(id, (counts.get(id) ?? 0) + 1);
          length++;
        }
      }
    }
    return length;
  }

  /** The term ids of one identifier, exactly as `tokenizeForSearch` would split it, memoized. */
  private identifierTermIds(identifier: string): number[] {
    let ids = this.identifierMemo.get(identifier);
    if (ids === undefined) {
      ids = tokenizeForSearch(identifier).map((term) => this.termId(term));
      if (this.identifierMemo.size >= MEMO_LIMIT) this.identifierMemo.clear();
      this.identifierMemo.set(identifier, ids);
    }
    return ids;
  }

  private insert(path: string, counts: Map<number, number>, length: number): void {
    if (length === 0) return;
    const fileId = this.fileId(path);
    for (const [termId, tf] of counts) {
      if (tf >= TF_MARKER) this.overflowTf.set(`${termId}:${fileId}`, tf);
      this.postings[termId].push(fileId * TF_SLOTS + Math.min(tf, TF_MARKER));
    }
    this.fileTerms[fileId] = encodeTermIds([...counts.keys()]);
    this.fileLengths[fileId] = length;
    this.totalLength += length;
    this.fileCount++;
  }

  private termFrequency(termId: number, fileId: number): number {
    for (const packed of this.postings[termId]) {
      if (Math.floor(packed / TF_SLOTS) !== fileId) continue;
      const tf = packed % TF_SLOTS;
      return tf === TF_MARKER ? (this.overflowTf.get(`${termId}:${fileId}`) ?? tf) : tf;
    }
    return 0;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.termIds.set(term, id);
      this.postings.push([]);
    }
    return id;
  }

  private fileId(path: string): number {
    let id = this.fileIds.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.fileIds.set(path, id);
      this.paths.push(path);
      this.fileLengths.push(0);
      this.fileTerms.push(undefined);
    }
    return id;
  }
}

/**
 * A file's distinct term ids, sorted and stored as varint-encoded gaps: about 1.5 bytes an id instead of 4, and at
 * 10k files these lists hold as many entries as all the postings together.
 */
function encodeTermIds(ids: number[]): Uint8Array {
  ids.sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const id of ids) {
    let gap = id - previous;
    previous = id;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
  }
  return Uint8Array.from(bytes);
}

function decodeTermIds(encoded: Uint8Array): number[] {
  const ids: number[] = [];
  let previous = 0;
  let gap = 0;
  let shift = 0;
  for (const byte of encoded) {
    gap += (byte & 0x7f) * 2 ** shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    previous += gap;
    ids.push(previous);
    gap = 0;
    shift = 0;
  }
  return ids;
}
