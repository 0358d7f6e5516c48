import * as path from "node:path";
import type { ImportRecord } from "./importExtract";
import type { ImportLanguage } from "./parsers";
import { loadResolutionConfig, parseJsonWithComments, type ResolutionConfig } from "./tsconfig";

const SCRIPT_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".json"];
/** TypeScript ESM code imports "./x.js" and means x.ts. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};
const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];

function parentDir(p: string): string {
  const dir = path.posix.dirname(p);
  return dir === "." ? "" : dir;
}

function join(dir: string, relative: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(dir, relative));
  if (joined.startsWith("../") || joined === "..") return undefined;
  return joined === "." ? "" : joined.replace(/\/$/, "");
}

/**
 * Turns import specifiers into workspace files: relative paths with extension and index-file probing, tsconfig/
 * jsconfig `paths` and `baseUrl` (nearest config above the importing file), workspace packages by their
 * package.json name, and Python absolute/relative modules. Anything else (node_modules, the standard library) is
 * external and resolves to undefined.
 */
export class ModuleResolver {
  private readonly configByDir = new Map<string, ResolutionConfig | undefined>();
  private packages: Array<{ name: string; dir: string; entries: string[] }> | undefined;

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly readText: (workspacePath: string) => string | undefined,
  ) {}

  resolve(fromPath: string, record: ImportRecord, language: ImportLanguage): string[] {
    if (language === "python") return this.resolvePython(fromPath, record);
    const found = this.resolveScript(fromPath, record.specifier);
    return found ? [found] : [];
  }

  private resolveScript(fromPath: string, specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      const base = specifier.startsWith("/") ? join("", specifier.slice(1)) : join(parentDir(fromPath), specifier);
      return base === undefined ? undefined : this.probe(base);
    }
    const config = this.configFor(parentDir(fromPath));
    if (config) {
      for (const entry of config.paths) {
        const matches = entry.wildcard
          ? specifier.startsWith(entry.prefix) && specifier.endsWith(entry.suffix) && specifier.length >= entry.prefix.length + entry.suffix.length
          : specifier === entry.prefix;
        if (!matches) continue;
        const captured = entry.wildcard ? specifier.slice(entry.prefix.length, specifier.length - entry.suffix.length) : "";
        for (const target of entry.targets) {
          const found = this.probe(target.replace("*", captured));
          if (found) return found;
        }
      }
      if (config.baseDir !== undefined) {
        const base = join(config.baseDir, specifier);
        const found = base === undefined ? undefined : this.probe(base);
        if (found) return found;
      }
    }
    return this.resolveWorkspacePackage(specifier);
  }

  /** The file a module path means: itself, with an extension, its TS source for an emitted name, or its index. */
  private probe(base: string): string | undefined {
    const extension = path.posix.extname(base);
    for (const replacement of EMITTED_TO_SOURCE[extension] ?? []) {
      const candidate = base.slice(0, -extension.length) + replacement;
      if (this.files.has(candidate)) return candidate;
    }
    if (extension && this.files.has(base)) return base;
    for (const ext of SCRIPT_EXTENSIONS) if (this.files.has(base + ext)) return base + ext;
    const prefix = base === "" ? "" : `${base}/`;
    for (const ext of SCRIPT_EXTENSIONS) if (this.files.has(`${prefix}index${ext}`)) return `${prefix}index${ext}`;
    return undefined;
  }

  private configFor(dir: string): ResolutionConfig | undefined {
    if (this.configByDir.has(dir)) return this.configByDir.get(dir);
    let config: ResolutionConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const configPath = dir ? `${dir}/${name}` : name;
      config = loadResolutionConfig(configPath, this.readText);
      if (config) break;
    }
    if (!config && dir !== "") config = this.configFor(parentDir(dir));
    this.configByDir.set(dir, config);
    return config;
  }

  private resolveWorkspacePackage(specifier: string): string | undefined {
    if (!this.packages) this.packages = this.findPackages();
    for (const pkg of this.packages) {
      if (specifier !== pkg.name && !specifier.startsWith(`${pkg.name}/`)) continue;
      const sub = specifier.slice(pkg.name.length + 1);
      const candidates = sub ? [join(pkg.dir, sub), join(pkg.dir, `src/${sub}`)] : pkg.entries;
      for (const candidate of candidates) {
        const found = candidate === undefined ? undefined : this.probe(candidate);
        if (found) return found;
      }
    }
    return undefined;
  }

  private findPackages(): Array<{ name: string; dir: string; entries: string[] }> {
    const packages: Array<{ name: string; dir: string; entries: string[] }> = [];
    for (const file of this.files) {
      if (file !== "package.json" && !file.endsWith("/package.json")) continue;
      if (file.includes("node_modules/")) continue;
      const manifest = parseJsonWithComments(this.readText(file) ?? "") as Record<string, unknown> | undefined;
      if (!manifest || typeof manifest.name !== "string") continue;
      const dir = parentDir(file);
      const fields = ["source", "module", "main", "types"].map((key) => manifest[key]).filter((v): v is string => typeof v === "string");
      const entries = [...fields.map((field) => join(dir, field.replace(/\.(d\.ts|js|mjs|cjs)$/, ""))), join(dir, "src/index"), join(dir, "index")];
      packages.push({ name: manifest.name, dir, entries: entries.filter((e): e is string => e !== undefined) });
    }
    // Longest names first so "@scope/pkg-extra" is not taken for "@scope/pkg".
    return packages.sort((a, b) => b.name.length - a.name.length);
  }

  private resolvePython(fromPath: string, record: ImportRecord): string[] {
    const specifier = record.specifier;
    const dots = /^\.*/.exec(specifier)?.[0].length ?? 0;
    const moduleParts = specifier.slice(dots).split(".").filter(Boolean);
    let roots: string[];
    if (dots > 0) {
      let dir: string | undefined = parentDir(fromPath);
      for (let level = 1; level < dots && dir !== undefined; level += 1) dir = dir === "" ? undefined : parentDir(dir);
      roots = dir === undefined ? [] : [dir];
    } else {
      roots = this.pythonRoots(fromPath);
    }
    const found = new Set<string>();
    for (const root of roots) {
      const base = [root, ...moduleParts].filter(Boolean).join("/");
      // `from pkg import name` may import the submodule pkg/name.py rather than a name defined in pkg/__init__.py.
      let namesLeft = record.kind === "python-from" ? record.names.length : 1;
      if (record.kind === "python-from") {
        for (const name of record.names) {
          const sub = name === "*" ? undefined : this.probePython(base ? `${base}/${name}` : name);
          if (sub) {
            found.add(sub);
            namesLeft -= 1;
          }
        }
      }
      const packageInit = `${base ? `${base}/` : ""}__init__.py`;
      const module = moduleParts.length > 0 ? this.probePython(base) : this.files.has(packageInit) ? packageInit : undefined;
      if (module && namesLeft > 0) found.add(module);
      if (found.size > 0) break;
    }
    return [...found];
  }

  private probePython(base: string): string | undefined {
    for (const candidate of [`${base}.py`, `${base}.pyi`, `${base}/__init__.py`]) if (this.files.has(candidate)) return candidate;
    return undefined;
  }

  /** Directories absolute Python imports start from: the workspace, src/, and the top of the importer's package. */
  private pythonRoots(fromPath: string): string[] {
    const roots = ["", "src", "lib"];
    let dir = parentDir(fromPath);
    while (dir !== "" && this.files.has(`${dir}/__init__.py`)) dir = parentDir(dir);
    if (!roots.includes(dir)) roots.unshift(dir);
    return roots;
  }
}
