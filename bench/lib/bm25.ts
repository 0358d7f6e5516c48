/**
 * Okapi BM25 over whole documents, kept incrementally (documents can be replaced or removed between queries) so
 * the retrieval baseline follows the corpus from commit to commit the way the product's index does.
 */

export interface Bm25Parameters {
  k1: number;
  b: number;
}

export interface Bm25Hit {
  id: string;
  score: number;
}

interface Document {
  termFrequencies: Map<string, number>;
  length: number;
}

export class Bm25Index {
  private readonly documents = new Map<string, Document>();
  private readonly documentFrequencies = new Map<string, number>();
  private totalLength = 0;

  constructor(
    private readonly tokenize: (text: string) => string[],
    private readonly parameters: Bm25Parameters = { k1: 0.9, b: 0.4 },
  ) {}

  get size(): number {
    return this.documents.size;
  }

  /** Adds a document, or replaces the one with the same id. */
  set(id: string, text: string): void {
    this.delete(id);
    const termFrequencies = new Map<string, number>();
    const terms = this.tokenize(text);
    for (const term of terms) termFrequencies.set(term, (termFrequencies.get(term) ?? 0) + 1);
    for (const term of termFrequencies.keys()) {
      this.documentFrequencies.set(term, (this.documentFrequencies.get(term) ?? 0) + 1);
    }
    this.documents.set(id, { termFrequencies, length: terms.length });
    this.totalLength += terms.length;
  }

  delete(id: string): void {
    const document = this.documents.get(id);
    if (!document) return;
    for (const term of document.termFrequencies.keys()) {
      const left = (this.documentFrequencies.get(term) ?? 1) - 1;
      if (left > 0) this.documentFrequencies.set(term, left);
      else this.documentFrequencies.delete(term);
    }
    this.totalLength -= document.length;
    this.documents.delete(id);
  }

  /**
   * Ranks every document containing at least one query term. Each distinct query term counts once; idf is the
   * non-negative Lucene form ln(1 + (N - df + 0.5) / (df + 0.5)). Ties are broken by id so runs are repeatable.
   */
  search(query: string, limit: number): Bm25Hit[] {
    const { k1, b } = this.parameters;
    const n = this.documents.size;
    if (n === 0) return [];
    const averageLength = this.totalLength / n || 1;
    const queryTerms = [...new Set(this.tokenize(query))];
    const idf = new Map<string, number>();
    for (const term of queryTerms) {
      const df = this.documentFrequencies.get(term) ?? 0;
      if (df > 0) idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    const hits: Bm25Hit[] = [];
    for (const [id, document] of this.documents) {
      let score = 0;
      for (const [term, weight] of idf) {
        const tf = document.termFrequencies.get(term);
        if (!tf) continue;
        score += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * document.length) / averageLength));
      }
      if (score > 0) hits.push({ id, score });
    }
    hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return hits.slice(0, limit);
  }
}
