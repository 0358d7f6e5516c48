/**
 * Version of the chunker's output format and rules. Bump it whenever the chunker would cut or describe a file
 * differently: the store then treats every indexed file as stale (so it is parsed again) and ignores parse-cache
 * entries written under another version.
 */
export const CHUNKER_VERSION = 1;
