import type { Chunk } from "../indexer/types";
import type { DefinitionEntry } from "../store/chunkQueries";
import { pathTerms, splitIdentifier } from "../text/identifiers";

/** A chunk that defines or is named after something, as the in-memory index knows it (no text): the store's row. */
export type SymbolRef = DefinitionEntry;

export interface SymbolMatch {
  ref: SymbolRef;
  /** The name of the chunk that matched. */
  name: string;
  /** True when a query word equals the name exactly, case included. */
  exact: boolean;
  /** 1 for an exact name, lower for case-insensitive, joined-words and part matches. */
  strength: number;
}

export interface PathMatch {
  path: string;
  /** Query terms found among the path's terms. */
  terms: string[];
  /** Share of the query's terms the path holds, plus a bonus when the file name itself is a query term. */
  strength: number;
  refs: SymbolRef[];
}

const EXACT = 1;
const CASE_INSENSITIVE = 0.8;
const JOINED_WORDS = 0.75;
const ALL_PARTS = 0.5;
/** Lookups stop collecting past this many refs per key, so one very common name cannot flood the candidates. */
const MAX_REFS_PER_KEY = 200;

/** A name of a ref with its lookup forms, computed once when the ref is added. */
interface NameForms {
  name: string;
  normalized: string;
  parts: string[];
}

/** "Foo.bar" also answers to "bar": a query usually names the method, not its class. */
function namesOf(ref: SymbolRef): NameForms[] {
  const names = new Set<string>(ref.definitions);
  if (ref.symbol) {
    names.add(ref.symbol);
    const last = ref.symbol.split(".").pop();
    if (last) names.add(last);
  }
  return [...names].filter((name) => name.length > 0).map((name) => {
    const parts = splitIdentifier(name);
    return { name, normalized: parts.join(""), parts };
  });
}

/** Case- and separator-insensitive form: `userName`, `user_name` and "user name" all become "username". */
export function normalizedName(name: string): string {
  return splitIdentifier(name).join("");
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}

/**
 * Definitions and symbol names → chunk references, in memory, built from `store.allDefinitions()` at startup and
 * kept current by the indexer (`removePath` + `add` per written file). Lookup is by exact name, by normalized name
 * (case and separators ignored, consecutive query words joined) and by identifier parts.
 */
export class SymbolIndex {
  private readonly refs = new Map<string, SymbolRef>();
  private readonly namesById = new Map<string, NameForms[]>();
  private readonly idsByPath = new Map<string, Set<string>>();
  private readonly byExact = new Map<string, Set<string>>();
  private readonly byNormalized = new Map<string, Set<string>>();
  private readonly byPart = new Map<string, Set<string>>();
  private readonly pathsByTerm = new Map<string, Set<string>>();

  get size(): number {
    return this.refs.size;
  }

  /** Adds the chunks of one file that define or name something; chunks of other paths are stored under `path`. */
  add(path: string, chunks: Chunk[]): void {
    for (const chunk of chunks) {
      if (chunk.definitions.length === 0 && !chunk.symbol) continue;
      const ref: SymbolRef = { id: `${path}#${chunk.ordinal}`, path, definitions: [...chunk.definitions], startLine: chunk.startLine, endLine: chunk.endLine };
      if (chunk.symbol) ref.symbol = chunk.symbol;
      this.addDefinition(ref);
    }
  }

  /** Adds one entry as `IndexStore.allDefinitions()` lists it. */
  addDefinition(entry: SymbolRef): void {
    if (this.refs.has(entry.id)) this.removeRef(entry.id);
    const ref: SymbolRef = { ...entry, definitions: [...entry.definitions] };
    this.refs.set(ref.id, ref);
    const names = namesOf(ref);
    this.namesById.set(ref.id, names);
    addTo(this.idsByPath, ref.path, ref.id);
    for (const { name, normalized, parts } of names) {
      addTo(this.byExact, name, ref.id);
      addTo(this.byNormalized, normalized, ref.id);
      if (parts.length > 1) for (const part of parts) addTo(this.byPart, part, ref.id);
    }
    if (this.idsByPath.get(ref.path)?.size === 1) for (const term of pathTerms(ref.path)) addTo(this.pathsByTerm, term, ref.path);
  }

  removePath(path: string): void {
    const ids = this.idsByPath.get(path);
    if (!ids) return;
    for (const id of [...ids]) this.removeRef(id);
  }

  private removeRef(id: string): void {
    const ref = this.refs.get(id);
    if (!ref) return;
    this.refs.delete(id);
    for (const { name, normalized, parts } of this.namesById.get(id) ?? []) {
      removeFrom(this.byExact, name, id);
      removeFrom(this.byNormalized, normalized, id);
      for (const part of parts) removeFrom(this.byPart, part, id);
    }
    this.namesById.delete(id);
    removeFrom(this.idsByPath, ref.path, id);
    if (!this.idsByPath.has(ref.path)) for (const term of pathTerms(ref.path)) removeFrom(this.pathsByTerm, term, ref.path);
  }

  /**
   * Chunks whose names match the query words (identifiers as the user typed them, case kept), strongest first:
   * exact name, then case-insensitive, then consecutive words joined ("watch effect" → `watchEffect`), then names
   * made of all the query's words in any order.
   */
  lookup(words: string[]): SymbolMatch[] {
    const best = new Map<string, SymbolMatch>();
    const consider = (ids: Set<string> | undefined, strength: number, matches: (forms: NameForms) => boolean, exactFor?: string): void => {
      if (!ids) return;
      let taken = 0;
      for (const id of ids) {
        if (taken++ >= MAX_REFS_PER_KEY) break;
        const ref = this.refs.get(id);
        if (!ref) continue;
        const name = this.namesById.get(id)?.find(matches)?.name ?? ref.symbol ?? ref.definitions[0] ?? "";
        const previous = best.get(id);
        if (!previous || previous.strength < strength) best.set(id, { ref, name, exact: exactFor !== undefined && name === exactFor, strength });
      }
    };
    const cleaned = words.map((word) => word.trim()).filter((word) => word.length > 1);
    for (const word of cleaned) {
      consider(this.byExact.get(word), EXACT, (forms) => forms.name === word, word);
      const normalized = normalizedName(word);
      consider(this.byNormalized.get(normalized), CASE_INSENSITIVE, (forms) => forms.normalized === normalized);
    }
    for (let length = 2; length <= Math.min(4, cleaned.length); length++) {
      for (let start = 0; start + length <= cleaned.length; start++) {
        const joined = cleaned.slice(start, start + length).map(normalizedName).join("");
        consider(this.byNormalized.get(joined), JOINED_WORDS, (forms) => forms.normalized === joined);
      }
    }
    const parts = [...new Set(cleaned.flatMap((word) => splitIdentifier(word)))].filter((part) => part.length > 1);
    if (parts.length > 1) {
      const sets = parts.map((part) => this.byPart.get(part));
      if (sets.every((set) => set !== undefined)) {
        const [smallest, ...others] = (sets as Set<string>[]).sort((a, b) => a.size - b.size);
        const common = new Set([...(smallest ?? [])].filter((id) => others.every((set) => set.has(id))));
        consider(common, ALL_PARTS, (forms) => parts.every((part) => forms.parts.includes(part)));
      }
    }
    return [...best.values()].sort((a, b) => b.strength - a.strength || a.name.length - b.name.length || a.ref.id.localeCompare(b.ref.id));
  }

  /** Files whose path terms hold the query's terms (lower-case, as `tokenizeForSearch` gives them), best first. */
  lookupPaths(terms: string[], maxPaths = 20): PathMatch[] {
    const wanted = [...new Set(terms)];
    if (wanted.length === 0) return [];
    const hits = new Map<string, string[]>();
    for (const term of wanted) {
      for (const path of this.pathsByTerm.get(term) ?? []) hits.set(path, [...(hits.get(path) ?? []), term]);
    }
    const matches: PathMatch[] = [];
    for (const [path, matched] of hits) {
      const fileName = (path.split("/").pop() ?? "").replace(/\.[^.]+$/, "");
      const namesFile = wanted.some((term) => term === normalizedName(fileName));
      const strength = matched.length / wanted.length + (namesFile ? 0.5 : 0);
      if (strength < 0.5) continue;
      const refs = [...(this.idsByPath.get(path) ?? [])]
        .map((id) => this.refs.get(id))
        .filter((ref): ref is SymbolRef => ref !== undefined)
        .sort((a, b) => a.startLine - b.startLine);
      matches.push({ path, terms: matched, strength, refs });
    }
    return matches.sort((a, b) => b.strength - a.strength || a.path.length - b.path.length).slice(0, maxPaths);
  }
}
