/**
 * Server code logs through this interface, never `console.*`: in the language server it is backed by the LSP
 * connection (so lines reach the client's Output channel with levels), in tests by a collector.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** A logger that drops everything; for tests and benchmarks that do not care. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};
