import type { ImportRecord } from "../impact/importExtract";
import type { ImportLanguage } from "../impact/parsers";
import type { Chunk, SourceFile } from "./types";

/** Passed to each parse worker as `workerData`. */
export interface ParseWorkerData {
  grammarDir?: string;
}

/** What a parse worker can do with one file: cut it into chunks (the indexer) or list its imports (the impact graph). */
export type ParseRequest =
  | { kind: "chunks"; file: SourceFile }
  | { kind: "imports"; path: string; language: ImportLanguage; text: string };

/** Main thread → worker. */
export type ParseJobMessage = { id: number } & ParseRequest;

/** Worker → main thread. */
export type ParseWorkerMessage =
  | { type: "ready" }
  | { type: "startup-failed"; message: string }
  | { type: "result"; id: number; chunks: Chunk[] }
  | { type: "imports"; id: number; records: ImportRecord[] }
  | { type: "error"; id: number; message: string }
  | { type: "log"; level: "error" | "warn" | "info" | "debug"; message: string };

/** The file a request is about, for error messages. */
export function requestPath(request: ParseRequest): string {
  return request.kind === "chunks" ? request.file.path : request.path;
}
