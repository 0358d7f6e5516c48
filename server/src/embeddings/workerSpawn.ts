import { existsSync } from "node:fs";
import * as path from "node:path";
import type { Worker } from "node:worker_threads";
import type { Logger } from "../util/logger";

/**
 * Finds the embedding worker script. esbuild writes it as dist/server/embed.worker.js next to server.js; the CLI
 * bundle lives in dist/cli and reaches over to dist/server; running from source (tsx) finds the .ts file itself.
 */
export function resolveEmbedWorkerPath(baseDir: string = __dirname): string {
  const candidates = [
    path.join(baseDir, "embed.worker.js"),
    path.join(baseDir, "..", "server", "embed.worker.js"),
    path.join(baseDir, "embed.worker.ts"),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

/** A TypeScript worker (tests, running from source) needs tsx loaded into the worker thread too. */
export function workerExecArgv(workerPath: string): string[] {
  return /\.[cm]?ts$/.test(workerPath) ? ["--require", "tsx/cjs"] : [];
}

/** Forwards a worker's piped stdout/stderr to the logger line by line (ONNX Runtime and transformers.js both print). */
export function pipeWorkerOutput(worker: Worker, logger: Logger): void {
  const forward = (stream: NodeJS.ReadableStream, log: (line: string) => void): void => {
    let buffered = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(`Embeddings worker: ${line}`);
    });
    stream.on("end", () => {
      if (buffered.trim()) log(`Embeddings worker: ${buffered}`);
    });
  };
  forward(worker.stdout, (line) => logger.debug(line));
  forward(worker.stderr, (line) => logger.debug(line));
}
