import type { Logger } from "../util/logger";

type SdkLogFn = (message: string, ...rest: unknown[]) => void;

/** The logger shape both SDKs accept; routing it to ours keeps SDK output off stdout (the CLI's LSP channel). */
export interface SdkLogger {
  error: SdkLogFn;
  warn: SdkLogFn;
  info: SdkLogFn;
  debug: SdkLogFn;
}

export function sdkLoggerFor(logger: Logger, prefix: string): SdkLogger {
  const format = (message: string, rest: unknown[]): string =>
    [`[${prefix}] ${message}`, ...rest.map((r) => (typeof r === "string" ? r : safeStringify(r)))].join(" ");
  return {
    error: (message, ...rest) => logger.error(format(message, rest)),
    warn: (message, ...rest) => logger.warn(format(message, rest)),
    info: (message, ...rest) => logger.info(format(message, rest)),
    debug: (message, ...rest) => logger.debug(format(message, rest)),
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2000) ?? String(value);
  } catch {
    return String(value);
  }
}
