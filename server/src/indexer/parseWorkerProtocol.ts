import type { Chunk, SourceFile } from "./types";

/** Passed to each parse worker as `workerData`. */
export interface ParseWorkerData {
  grammarDir?: string;
}

/** Main thread → worker: chunk this file. */
export interface ParseJobMessage {
  id: number;
  file: SourceFile;
}

/** Worker → main thread. */
export type ParseWorkerMessage =
  | { type: "ready" }
  | { type: "startup-failed"; message: string }
  | { type: "result"; id: number; chunks: Chunk[] }
  | { type: "error"; id: number; message: string }
  | { type: "log"; level: "error" | "warn" | "info" | "debug"; message: string };
