// A stand-in for embed.worker.ts that speaks the same protocol but dies on purpose, to test how the host recovers
// from a worker that crashes mid-request (for instance an out-of-memory abort inside ONNX Runtime).
// Each start appends a line to <cacheDir>/starts; starts listed in <cacheDir>/crash-on exit on their first request.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { EmbedWorkerConfig, HostToWorkerMessage, WorkerToHostMessage } from "../../../server/src/embeddings/workerProtocol";

const config = workerData as EmbedWorkerConfig;
const startsFile = path.join(config.cacheDir, "starts");
appendFileSync(startsFile, "start\n");
const startNumber = readFileSync(startsFile, "utf8").trim().split("\n").length;
const crashFile = path.join(config.cacheDir, "crash-on");
const crashOn = existsSync(crashFile) ? readFileSync(crashFile, "utf8").split(",").map(Number) : [];

parentPort?.postMessage({ type: "ready", dimensions: 3, maxTokens: 8, loadMs: 0 } satisfies WorkerToHostMessage);
parentPort?.on("message", (message: HostToWorkerMessage) => {
  if (crashOn.includes(startNumber)) process.exit(7);
  const vectors = message.texts.map(() => Float32Array.of(1, 0, 0));
  parentPort?.postMessage({ type: "embedded", id: message.id, vectors } satisfies WorkerToHostMessage);
});
