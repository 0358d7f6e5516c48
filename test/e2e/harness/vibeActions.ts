import type { Workbench } from "./workbench";

/** The status bar text the extension shows once the workspace index is complete. */
export const FILES_INDEXED = /files indexed/;

/** Runs "Vibe Coder: Search Code", types the query and waits for a row naming `file`; leaves the picker open. */
export async function searchFor(workbench: Workbench, query: string, file: RegExp, timeoutMs = 30_000): Promise<void> {
  await workbench.runCommand("Vibe Coder: Search Code");
  await workbench.typeInQuickInput(query);
  await workbench.waitForQuickPickRow(file, timeoutMs);
}
