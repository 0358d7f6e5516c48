import { parentPort, workerData } from "node:worker_threads";
import { importsOfText, type ImportRecord } from "../impact/importExtract";
import { sourceParserOver, type ImportLanguage, type SourceParser } from "../impact/parsers";
import type { Logger } from "../util/logger";
import { chunkerWith, type Chunker } from "./chunker";
import { loadParsers } from "./grammars";
import { SYNTAX_LANGUAGES } from "./languages";
import type { ParseJobMessage, ParseWorkerData, ParseWorkerMessage } from "./parseWorkerProtocol";

/** Runs tree-sitter off the main thread so parsing never delays LSP replies. Started by `ParsePool`. */
const port = parentPort;
if (!port) throw new Error("parse.worker must run as a worker thread");
const data = (workerData ?? {}) as ParseWorkerData;
const send = (message: ParseWorkerMessage): void => port.postMessage(message);

const logger: Logger = {
  error: (message) => send({ type: "log", level: "error", message }),
  warn: (message) => send({ type: "log", level: "warn", message }),
  info: (message) => send({ type: "log", level: "info", message }),
  debug: (message) => send({ type: "log", level: "debug", message }),
};

/** Import statements of one file; a file that does not parse is an error, so its (missing) records are not cached. */
function importsOf(parser: SourceParser, language: ImportLanguage, text: string): ImportRecord[] {
  const records = importsOfText(parser, language, text);
  if (!records) throw new Error("the parser returned no tree");
  return records;
}

function reply(job: ParseJobMessage, parser: SourceParser, chunker: Chunker): ParseWorkerMessage {
  if (job.kind === "imports") return { type: "imports", id: job.id, records: importsOf(parser, job.language, job.text) };
  return { type: "result", id: job.id, chunks: chunker.chunk(job.file) };
}

// One set of grammars serves both kinds of job: loading them twice would double the worker's WASM memory.
loadParsers(SYNTAX_LANGUAGES, data.grammarDir).then(
  (parsers) => {
    const chunker = chunkerWith(parsers, logger);
    const parser = sourceParserOver(parsers);
    port.on("message", (job: ParseJobMessage) => {
      try {
        send(reply(job, parser, chunker));
      } catch (error) {
        send({ type: "error", id: job.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
    send({ type: "ready" });
  },
  (error: unknown) => send({ type: "startup-failed", message: error instanceof Error ? error.message : String(error) }),
);
