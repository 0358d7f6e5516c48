export function impactMarkdown(results: Record<string, unknown>): string {
  return JSON.stringify(results, (key, value) => (key === "coldRuns" ? undefined : value), 1).slice(0, 20000);
}
