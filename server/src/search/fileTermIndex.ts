import { pathTerms, tokenizeForSearch } from "../text/identifiers";

/** BM25 parameters for whole files; the same as the benchmark's baseline, which they were tuned on. */
const K1 = 0.9;
const B = 0.4;

interface FileEntry {
  termIds: Uint32Array;
  length: number;
}

/**
 * Whole-file BM25 over term frequencies, in memory. The chunk-level full-text index stores each term once per
 * chunk (a LanceDB constraint, see store/ftsText.ts), which loses term frequency and cross-chunk evidence; a task
 * description usually matches a file as a whole ("reject CR in attribute names" → the attribute config file), so
 * this index ranks files, and search fuses that ranking with the chunk-level signals.
 */
export class FileTermIndex {
  private readonly termIds = new Map<string, number>();
  /** postings[termId] = file id → term frequency. */
  private readonly postings: Array<Map<number, number>> = [];
  private readonly files = new Map<number, FileEntry>();
  private readonly fileIds = new Map<string, number>();
  private readonly paths: string[] = [];
  private totalLength = 0;

  get size(): number {
    return this.files.size;
  }

  /** Replaces what the index knows of `path` with these texts (a file's chunks; overlap is harmless). */
  setFile(path: string, texts: string[]): void {
    this.removeFile(path);
    const counts = new Map<number, number>();
    let length = 0;
    const add = (term: string): void => {
      const id = this.termId(term);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      length++;
    };
    for (const text of texts) for (const term of tokenizeForSearch(text)) add(term);
    for (const term of pathTerms(path)) add(term);
    if (length === 0) return;
    const fileId = this.fileId(path);
    for (const [termId, tf] of counts) this.postings[termId].set(fileId, tf);
    this.files.set(fileId, { termIds: Uint32Array.from(counts.keys()), length });
    this.totalLength += length;
  }

  removeFile(path: string): void {
    const fileId = this.fileIds.get(path);
    if (fileId === undefined) return;
    const entry = this.files.get(fileId);
    if (!entry) return;
    for (const termId of entry.termIds) this.postings[termId].delete(fileId);
    this.totalLength -= entry.length;
    this.files.delete(fileId);
  }

  /** Paths ranked by BM25 for the distinct query terms, best first. */
  search(terms: string[], limit: number, accept: (path: string) => boolean = () => true): Array<{ path: string; score: number }> {
    const n = this.files.size;
    if (n === 0) return [];
    const averageLength = this.totalLength / n;
    const scores = new Map<number, number>();
    for (const term of new Set(terms)) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      const posting = this.postings[termId];
      if (posting.size === 0) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [fileId, tf] of posting) {
        const length = this.files.get(fileId)?.length ?? averageLength;
        const weight = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
        scores.set(fileId, (scores.get(fileId) ?? 0) + idf * weight);
      }
    }
    return [...scores.entries()]
      .map(([fileId, score]) => ({ path: this.paths[fileId], score }))
      .filter((entry) => accept(entry.path))
      .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
      .slice(0, limit);
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.termIds.set(term, id);
      this.postings.push(new Map());
    }
    return id;
  }

  private fileId(path: string): number {
    let id = this.fileIds.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.fileIds.set(path, id);
      this.paths.push(path);
    }
    return id;
  }
}
