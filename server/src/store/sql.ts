/** Small helpers for the SQL filter strings LanceDB takes; every value from outside goes through `sqlString`. */

/** A single-quoted SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `column IN ('a', 'b')`; callers split long lists with `inChunks` so the SQL stays a reasonable size. */
export function sqlIn(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map(sqlString).join(", ")})`;
}

/** Splits a list so each `IN (...)` holds at most `size` values. */
export function inChunks<T>(values: readonly T[], size = 500): T[][] {
  const groups: T[][] = [];
  for (let start = 0; start < values.length; start += size) groups.push(values.slice(start, start + size));
  return groups;
}

/** A filter keeping rows whose `path` starts with one of the prefixes, or undefined when there are none. */
export function pathPrefixFilter(prefixes: readonly string[] | undefined): string | undefined {
  const usable = (prefixes ?? []).map((prefix) => prefix.replace(/^\.?\//, "")).filter((prefix) => prefix.length > 0);
  if (usable.length === 0) return undefined;
  return `(${usable.map((prefix) => `starts_with(path, ${sqlString(prefix)})`).join(" OR ")})`;
}
