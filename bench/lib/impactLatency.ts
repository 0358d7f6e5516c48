/** Impact request latency on a checked-out vuejs/core: cold open (mine + graph) and warm assessImpact p50/p95. */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { assessWithWorkspace } from "../../server/src/impact/assess";
import { ImpactWorkspace } from "../../server/src/impact/impactWorkspace";
import { IMPACT_SCRATCH, gitIn, isSourcePath, prepareClone } from "./impactRepo";
import { median, percentile } from "./impactMetrics";

export interface LatencyFigures {
  files: number;
  graphFiles: number;
  coldOpenMs: number;
  requests: number;
  fileRequestMs: { p50: number; p95: number };
  diffRequestMs: number;
}

export async function runLatencyBench(log: (line: string) => void, requests = 100): Promise<LatencyFigures> {
  const repo = prepareClone("vue-latency");
  gitIn(repo, ["checkout", "-q", "-f", "HEAD"]);
  const storage = mkdtempSync(join(IMPACT_SCRATCH, "latency-cache-"));
  try {
    const workspace = new ImpactWorkspace({ root: repo, storageDir: storage });
    const coldStart = performance.now();
    await workspace.refresh();
    const coldOpenMs = performance.now() - coldStart;
    const sources = [...workspace.files].filter(isSourcePath).sort();
    const step = Math.max(1, Math.floor(sources.length / requests));
    const times: number[] = [];
    for (let i = 0; i < sources.length && times.length < requests; i += step) {
      const start = performance.now();
      await assessWithWorkspace(workspace, { target: { kind: "file", path: sources[i] } });
      times.push(performance.now() - start);
    }
    const diffStart = performance.now();
    await assessWithWorkspace(workspace, { target: { kind: "diff" } });
    const diffRequestMs = performance.now() - diffStart;
    const figures = {
      files: workspace.files.size,
      graphFiles: workspace.graph?.fileCount ?? 0,
      coldOpenMs,
      requests: times.length,
      fileRequestMs: { p50: median(times), p95: percentile(times, 95) },
      diffRequestMs,
    };
    log(`latency: cold open ${coldOpenMs.toFixed(0)} ms; file request p50 ${figures.fileRequestMs.p50.toFixed(0)} ms, p95 ${figures.fileRequestMs.p95.toFixed(0)} ms over ${times.length}`);
    return figures;
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}
