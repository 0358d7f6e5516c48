import { createHash } from "node:crypto";
import { Bool, Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from "apache-arrow";

/** Names of the tables one IndexStore uses inside its storage directory. */
export interface TableNames {
  chunks: string;
  catalog: string;
  /** Embedding cache for content that left the working tree (another branch, an older edit). */
  vectorCache: string;
  /** Parse cache shared by every embedder: chunks of file contents seen before. */
  parseCache: string;
}

/**
 * One chunks table (and its catalog) per embedder, so switching embedders never mixes vectors of different models.
 * LanceDB table names allow only letters, digits, `_`, `-` and `.`, so the key is slugged and made unique by a hash.
 */
export function tableNamesFor(embedderKey: string | null): TableNames {
  const suffix = embedderKey === null ? "lexical" : `${slug(embedderKey)}_${shortHash(embedderKey)}`;
  return { chunks: `chunks_${suffix}`, catalog: `catalog_${suffix}`, vectorCache: `vectors_${suffix}`, parseCache: "parse_cache" };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40) || "embedder";
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

function vectorField(name: string, dimensions: number, nullable: boolean): Field {
  return new Field(name, new FixedSizeList(dimensions, new Field("item", new Float32(), true)), nullable);
}

/** The chunks table: one row per chunk, keyed by `${path}#${ordinal}`; `vector` only when an embedder is on. */
export function chunksSchema(dimensions: number | null): Schema {
  const fields = [
    new Field("id", new Utf8(), false),
    new Field("path", new Utf8(), false),
    new Field("ordinal", new Int32(), false),
    new Field("startLine", new Int32(), false),
    new Field("endLine", new Int32(), false),
    new Field("language", new Utf8(), false),
    new Field("kind", new Utf8(), false),
    new Field("symbol", new Utf8(), true),
    new Field("signature", new Utf8(), true),
    new Field("text", new Utf8(), false),
    new Field("chunkHash", new Utf8(), false),
    new Field("fileHash", new Utf8(), false),
    // Identifiers contain no newlines, so a joined string is the simplest faithful encoding.
    new Field("definitions", new Utf8(), false),
    new Field("isTest", new Bool(), false),
    new Field("isGenerated", new Bool(), false),
    new Field("ftsText", new Utf8(), false),
  ];
  if (dimensions !== null) fields.push(vectorField("vector", dimensions, true));
  return new Schema(fields);
}

/** The catalog: one row per indexed file; it is written after the file's chunks, so it never runs ahead of them. */
export function catalogSchema(): Schema {
  return new Schema([
    new Field("path", new Utf8(), false),
    new Field("contentHash", new Utf8(), false),
    new Field("size", new Float64(), false),
    new Field("mtimeMs", new Float64(), false),
    new Field("chunkCount", new Int32(), false),
    // Files chunked by an older chunker are re-parsed: the consistency pass drops their entries.
    new Field("chunkerVersion", new Int32(), false),
  ]);
}

export function vectorCacheSchema(dimensions: number): Schema {
  return new Schema([
    new Field("chunkHash", new Utf8(), false),
    vectorField("vector", dimensions, false),
    new Field("cachedAt", new Float64(), false),
  ]);
}

export function parseCacheSchema(): Schema {
  return new Schema([
    // `${CHUNKER_VERSION}:${contentHash}`: a chunker change invalidates every entry without a migration.
    new Field("key", new Utf8(), false),
    new Field("chunks", new Utf8(), false),
    new Field("cachedAt", new Float64(), false),
  ]);
}

/** Why an existing table cannot be used with the expected schema, or null when it can. */
export function schemaMismatch(actual: Schema, expected: Schema): string | null {
  for (const field of expected.fields) {
    const found = actual.fields.find((candidate) => candidate.name === field.name);
    if (!found) return `it lacks the column "${field.name}" (it was written by another version)`;
    if (field.type instanceof FixedSizeList) {
      const size = found.type instanceof FixedSizeList ? found.type.listSize : undefined;
      if (size !== field.type.listSize) {
        return `its vectors have ${size ?? "no"} dimensions but the embedder produces ${field.type.listSize}`;
      }
    } else if (String(found.type) !== String(field.type)) {
      return `its column "${field.name}" has type ${String(found.type)} instead of ${String(field.type)}`;
    }
  }
  const extraVector = actual.fields.find((candidate) => candidate.name === "vector" && !expected.fields.some((f) => f.name === "vector"));
  if (extraVector) return "it holds vectors but no embedder is configured";
  return null;
}
