import { parentPort } from "node:worker_threads";
import { requestPath, type ParseJobMessage } from "../../../server/src/indexer/parseWorkerProtocol";

/** Loaded first by crashingParse.worker.ts: kills or blocks the worker thread for two magic file names. */
parentPort?.on("message", (job: ParseJobMessage) => {
  if (requestPath(job) === "crash.ts") process.exit(7);
  if (requestPath(job) === "hang.ts") for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
});
