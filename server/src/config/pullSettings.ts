import type { Connection } from "vscode-languageserver/node";
import { resolveSettings, type VibeSettings } from "../../../shared/settings";

/** The raw `vibeCoder` section through `workspace/configuration` (the pull model); undefined when unavailable. */
export async function pullRawSettings(connection: Connection, scopeUri: string | undefined): Promise<unknown> {
  try {
    const [raw] = await connection.workspace.getConfiguration([{ scopeUri, section: "vibeCoder" }]);
    return raw;
  } catch {
    return undefined;
  }
}

/** The index/search settings, falling back to defaults for anything missing or mistyped. */
export async function pullSettings(connection: Connection, scopeUri: string | undefined): Promise<VibeSettings> {
  return resolveSettings(await pullRawSettings(connection, scopeUri));
}

/** Whether two settings objects need different embedders (and so a different index table). */
export function embedderSettingsDiffer(a: VibeSettings, b: VibeSettings): boolean {
  const pick = (s: VibeSettings) => [s.embeddings.provider, s.embeddings.model, s.embeddings.allowDownload, s.embeddings.endpoint];
  return JSON.stringify(pick(a)) !== JSON.stringify(pick(b));
}
