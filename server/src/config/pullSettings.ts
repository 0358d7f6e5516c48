import type { Connection } from "vscode-languageserver/node";
import { resolveSettings, type VibeSettings } from "../../../shared/settings";

/** Reads the `vibeCoder` section through `workspace/configuration` (the pull model), falling back to defaults. */
export async function pullSettings(connection: Connection, scopeUri: string | undefined): Promise<VibeSettings> {
  try {
    const [raw] = await connection.workspace.getConfiguration([{ scopeUri, section: "vibeCoder" }]);
    return resolveSettings(raw);
  } catch {
    return resolveSettings(undefined);
  }
}

/** Whether two settings objects need different embedders (and so a different index table). */
export function embedderSettingsDiffer(a: VibeSettings, b: VibeSettings): boolean {
  const pick = (s: VibeSettings) => [s.embeddings.provider, s.embeddings.model, s.embeddings.allowDownload, s.embeddings.endpoint];
  return JSON.stringify(pick(a)) !== JSON.stringify(pick(b));
}
