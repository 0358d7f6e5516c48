import type { Workbench } from "./workbench";

/** The status bar text the extension shows once the workspace index is complete. */
export const FILES_INDEXED = /files indexed/;

/** Runs "Vibe Coder: Search Code", types the query and waits for a row naming `file`; leaves the picker open. */
export async function searchFor(workbench: Workbench, query: string, file: RegExp, timeoutMs = 30_000): Promise<void> {
  await workbench.runCommand("Vibe Coder: Search Code");
  await workbench.typeInQuickInput(query);
  await workbench.waitForQuickPickRow(file, timeoutMs);
}

/**
 * Opens "Vibe Coder: Show Index Status" until one of its rows matches `pattern` (the picker shows a snapshot, so
 * a state that is still changing needs a fresh look), then closes it and returns that row's accessible label.
 */
export async function waitForIndexStatusRow(workbench: Workbench, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await workbench.runCommand("Vibe Coder: Show Index Status");
    try {
      const row = await workbench.waitForQuickPickRow(pattern, 5_000);
      await workbench.closeQuickInput();
      return row.ariaLabel || row.text;
    } catch (error) {
      await workbench.closeQuickInput();
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}
