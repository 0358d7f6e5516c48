/** Drops user:password and the query from a URL before it is shown, logged or recorded. */
export function publicEndpoint(baseUrl: string | undefined): string {
  if (!baseUrl) return "";
  try {
    const url = new URL(baseUrl);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(invalid URL)";
  }
}
