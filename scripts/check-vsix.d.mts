// Types for scripts/check-vsix.mjs, so TypeScript tests can import it.
export interface EntryRule {
  pattern: RegExp;
  why: string;
}
export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
}
export interface PackageManifest {
  main?: string;
  icon?: string;
  devDependencies?: Record<string, string>;
}
export declare const REQUIRED_ENTRIES: readonly EntryRule[];
export declare const FORBIDDEN_ENTRIES: readonly EntryRule[];
export declare function packageOf(entry: string): string | undefined;
export declare function findVsixProblems(entries: readonly string[], manifest: PackageManifest): string[];
export declare function readZipEntries(zipPath: string): Promise<ZipEntry[]>;
export declare function extractZip(zipPath: string, targetDir: string): Promise<void>;
export declare function checkNativesLoad(vsixPath: string): Promise<string | undefined>;
