import { availableParallelism } from "node:os";

/**
 * Sizes LanceDB's CPU thread pool before the first LanceDB call in this process. Lance sizes the pool as the number
 * of cores minus an I/O reservation of 2, which leaves ONE thread on a 2–3 core machine; building or optimizing a
 * full-text index then deadlocks for good (seen here on 2 cores at ~4,000 chunks: every thread parked, 0% CPU;
 * upstream lancedb#3568 / lance#7350, fixed after 0.31). Two threads more than the cores keeps one free for the
 * index writer even when every index worker holds one. A value the user or CI set explicitly is left alone.
 */
export function configureLanceRuntime(): void {
  if (!process.env.LANCE_CPU_THREADS) process.env.LANCE_CPU_THREADS = String(availableParallelism() + 2);
}
