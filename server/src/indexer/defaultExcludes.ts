/**
 * Built-in exclusions. They are evaluated before any user rule, so dependency and build folders never cost a walk.
 * `DEFAULT_EXCLUDE_PATTERNS` is the lowest-priority gitignore layer: a user's `!vendor/` in `.vibeignore` or in the
 * `vibeCoder.index.exclude` setting re-includes a folder that some projects really do commit. Secrets and binaries
 * are not patterns but fixed checks that nothing re-includes: indexing them is never useful and secrets would leak
 * into the store and into prompts.
 */

/** gitignore syntax; a trailing slash means "directories only". */
export const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = [
  // Version control metadata (".git" is a file in worktrees and submodules, hence no trailing slash).
  ".git",
  ".hg/",
  ".svn/",
  // Dependencies, build output and caches.
  "node_modules/",
  "bower_components/",
  "vendor/",
  "dist/",
  "build/",
  "out/",
  "coverage/",
  ".next/",
  ".nuxt/",
  ".turbo/",
  ".cache/",
  "__pycache__/",
  ".venv/",
  "venv/",
  ".tox/",
  "target/",
  ".gradle/",
  ".idea/",
  ".vscode-test/",
  // Lock files: large, generated and useless to search.
  "package-lock.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "Cargo.lock",
  "poetry.lock",
  "Gemfile.lock",
  "composer.lock",
  "go.sum",
  // Minified and generated code.
  "*.min.js",
  "*.min.css",
  "*.map",
  "*.bundle.js",
  "*.generated.*",
  "*_pb2.py",
  "*.pb.go",
];

/** Extensions (lower case, without the dot) of formats that are never text. */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  // Images.
  "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif",
  // Audio and video.
  "mp3", "mp4", "m4a", "m4v", "wav", "ogg", "oga", "flac", "aac", "avi", "mov", "mkv", "webm", "wmv", "flv",
  // Archives and packages.
  "zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "zst", "lz4", "jar", "war", "ear", "whl", "egg", "deb", "rpm",
  "dmg", "iso", "vsix", "nupkg", "apk", "ipa",
  // Fonts.
  "ttf", "otf", "woff", "woff2", "eot",
  // Compiled code and native libraries.
  "wasm", "so", "dll", "dylib", "exe", "bin", "o", "a", "lib", "obj", "class", "pyc", "pyo", "pyd", "node", "dex",
  // Documents.
  "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
  // Databases and data blobs.
  "sqlite", "sqlite3", "db", "mdb", "parquet", "arrow", "lance", "npy", "npz", "pkl", "pickle", "onnx", "pt", "pth",
  "h5", "safetensors",
]);

/** Exact file names (lower case) that hold credentials. */
const SECRET_FILE_NAMES: ReadonlySet<string> = new Set([
  ".env",
  ".envrc",
  ".npmrc",
  ".pypirc",
  ".netrc",
  "_netrc",
  ".pgpass",
  "credentials.json",
  "credentials",
]);

/** Extensions (lower case) of keys, certificates and keystores. */
const SECRET_EXTENSIONS: ReadonlySet<string> = new Set([
  "pem", "key", "p12", "pfx", "crt", "cer", "der", "jks", "keystore", "kdbx", "p8", "ppk", "asc", "gpg",
]);

/**
 * `.env.*` files hold secrets, except the conventional templates that are committed on purpose with placeholder
 * values: `.env.example`, `.env.sample` and `.env.template` are indexed because they document configuration.
 */
const ENV_TEMPLATE_SUFFIXES: ReadonlySet<string> = new Set(["example", "sample", "template"]);

/** True when a file's base name says it holds credentials. */
export function isSecretFileName(baseName: string): boolean {
  const name = baseName.toLowerCase();
  if (SECRET_FILE_NAMES.has(name)) return true;
  if (name.startsWith(".env.")) return !ENV_TEMPLATE_SUFFIXES.has(name.slice(".env.".length));
  if (/^id_(rsa|dsa|ecdsa|ed25519)/.test(name)) return true;
  if (name.startsWith("secrets.")) return true;
  return SECRET_EXTENSIONS.has(extensionOf(name));
}

/** True when a file's extension says it is not text. */
export function isBinaryFileName(baseName: string): boolean {
  return BINARY_EXTENSIONS.has(extensionOf(baseName.toLowerCase()));
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1) : "";
}
