import type { LlmProviderId } from "../../../shared/protocol/llm";
import type { Logger } from "../util/logger";

/**
 * API keys as the client sent them (`vibe/setApiKey`), held in memory only: never written to disk or logs.
 * Feed `get` to `LlmService` as `getApiKey`.
 */
export class ApiKeyStore {
  private readonly keys = new Map<LlmProviderId, string>();

  set(provider: LlmProviderId, key: string | null): void {
    const trimmed = key?.trim();
    if (trimmed) this.keys.set(provider, trimmed);
    else this.keys.delete(provider);
  }

  get(provider: LlmProviderId): string | undefined {
    return this.keys.get(provider);
  }

  /** Every key currently known, for scrubbing text before it is logged or stored. */
  all(): string[] {
    return [...this.keys.values()];
  }
}

/** Replaces every occurrence of each secret (at least 8 characters, to avoid mangling ordinary words) with [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** A logger that scrubs the current secrets from every line, as a last line of defence behind never logging them. */
export function redactingLogger(logger: Logger, secrets: () => readonly string[]): Logger {
  const scrub = (m: string): string => redactSecrets(m, secrets());
  return {
    error: (m) => logger.error(scrub(m)),
    warn: (m) => logger.warn(scrub(m)),
    info: (m) => logger.info(scrub(m)),
    debug: (m) => logger.debug(scrub(m)),
  };
}
