import { parentPort, workerData } from "node:worker_threads";
import type { Logger } from "../util/logger";
import { createChunker } from "./chunker";
import type { ParseJobMessage, ParseWorkerData, ParseWorkerMessage } from "./parseWorkerProtocol";

/** Runs the chunker off the main thread so parsing never delays LSP replies. Started by `ParsePool`. */
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

createChunker({ grammarDir: data.grammarDir, logger }).then(
  (chunker) => {
    port.on("message", (job: ParseJobMessage) => {
      try {
        send({ type: "result", id: job.id, chunks: chunker.chunk(job.file) });
      } catch (error) {
        send({ type: "error", id: job.id, message: error instanceof Error ? error.message : String(error) });
      }
    });
    send({ type: "ready" });
  },
  (error: unknown) => send({ type: "startup-failed", message: error instanceof Error ? error.message : String(error) }),
);
