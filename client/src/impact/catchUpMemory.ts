import type { Memento } from "vscode";

/** Per workspace: when the user last ran Catch Me Up, so the next run starts from there (the server decides). */
const LAST_RUN_KEY = "vibeCoder.catchUp.lastRunTime";

export class CatchUpMemory {
  constructor(private readonly workspaceState: Memento) {}

  /** Milliseconds since the epoch, or undefined when it never ran here (or the stored value is unusable). */
  get lastRunTime(): number | undefined {
    const value = this.workspaceState.get<unknown>(LAST_RUN_KEY);
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
  }

  async remember(time: number): Promise<void> {
    await this.workspaceState.update(LAST_RUN_KEY, time);
  }

  async forget(): Promise<void> {
    await this.workspaceState.update(LAST_RUN_KEY, undefined);
  }
}
