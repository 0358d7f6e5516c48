import type { Language, Node, Tree } from "web-tree-sitter";
// The CommonJS build, like parsers.ts: a Query must come from the same runtime that parsed the tree.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see parsers.ts.
import TreeSitter = require("web-tree-sitter");

const { Query } = TreeSitter;
type Query = TreeSitter.Query;
import type { ImportLanguage, SourceParser } from "./parsers";

/**
 * Bump when extractImports returns different records for the same text (a query or a rule changed): records cached
 * by an older version are then parsed again (importRecordCache.ts).
 */
export const IMPORT_EXTRACT_VERSION = 1;

/** One import statement (or require/dynamic import) found in a file. */
export interface ImportRecord {
  /** The module text as written: "./util", "@vue/shared", "..pkg.mod", "os.path". */
  specifier: string;
  /** 1-based line of the statement, for evidence. */
  line: number;
  kind: "import" | "export-from" | "require" | "dynamic" | "import-equals" | "python-import" | "python-from";
  /** Imported names: "default", "*" for namespace/star/unknown usage, else the exported name. */
  names: string[];
  /** `import type` / `export type`: no runtime dependency, but still a compile-time one. */
  typeOnly: boolean;
}

const JS_QUERY = `
(import_statement source: (string (string_fragment) @source)) @import
(export_statement source: (string (string_fragment) @source)) @export
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @source))) @dynamic
(call_expression function: (identifier) @fn arguments: (arguments . (string (string_fragment) @source))
  (#eq? @fn "require")) @require
`;
const TS_EXTRA_QUERY = `(import_require_clause source: (string (string_fragment) @source)) @equals`;
const PY_QUERY = `
(import_statement) @pyimport
(import_from_statement) @pyfrom
`;

const queries = new Map<Language, Query>();

function queryFor(language: Language, importLanguage: ImportLanguage): Query {
  let query = queries.get(language);
  if (!query) {
    const source =
      importLanguage === "python" ? PY_QUERY : importLanguage === "javascript" ? JS_QUERY : JS_QUERY + TS_EXTRA_QUERY;
    query = new Query(language, source);
    queries.set(language, query);
  }
  return query;
}

function childrenOfType(node: Node, type: string): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type === type);
}

/** Names an `import ... from` statement binds: default, namespace, or the exported names it picks. */
function importClauseNames(statement: Node): string[] {
  const clause = childrenOfType(statement, "import_clause")[0];
  if (!clause) return [];
  const names: string[] = [];
  for (const part of clause.namedChildren) {
    if (!part) continue;
    if (part.type === "identifier") names.push("default");
    else if (part.type === "namespace_import") names.push("*");
    else if (part.type === "named_imports") {
      for (const specifier of childrenOfType(part, "import_specifier")) {
        const name = specifier.childForFieldName("name")?.text;
        if (name) names.push(name);
      }
    }
  }
  return names;
}

function exportClauseNames(statement: Node): string[] {
  const clause = childrenOfType(statement, "export_clause")[0];
  if (!clause) return ["*"];
  return childrenOfType(clause, "export_specifier")
    .map((specifier) => specifier.childForFieldName("name")?.text)
    .filter((name): name is string => Boolean(name));
}

/** `import type` and `export type` carry a `type` keyword child right after the first keyword. */
function isTypeOnly(statement: Node): boolean {
  const second = statement.child(1);
  return second !== null && second.type === "type";
}

function pythonFromNames(statement: Node): string[] {
  if (childrenOfType(statement, "wildcard_import").length > 0) return ["*"];
  const moduleNode = statement.childForFieldName("module_name");
  return statement.namedChildren
    .filter((child): child is Node => child !== null && child.id !== moduleNode?.id)
    .map((child) => (child.type === "aliased_import" ? child.childForFieldName("name")?.text : child.text))
    .filter((name): name is string => Boolean(name) && name !== undefined && !name.startsWith("#"));
}

/**
 * Every static import edge a file declares, read from a tree-sitter tree (so the indexer's parse can be reused):
 * ES imports and `export ... from`, `require("x")`, `import("x")`, TS `import x = require("x")`, and Python
 * `import a.b` / `from .a import b`. Strings and comments that merely look like imports are not imports.
 */
export function extractImports(tree: Tree, language: ImportLanguage): ImportRecord[] {
  const query = queryFor(tree.language, language);
  const records: ImportRecord[] = [];
  for (const match of query.matches(tree.rootNode)) {
    const byName = new Map(match.captures.map((capture) => [capture.name, capture.node]));
    if (language === "python") {
      records.push(...pythonRecords(byName.get("pyimport") ?? byName.get("pyfrom")));
      continue;
    }
    const source = byName.get("source");
    if (!source) continue;
    const line = source.startPosition.row + 1;
    const statement = byName.get("import");
    if (statement) {
      records.push({ specifier: source.text, line, kind: "import", names: importClauseNames(statement), typeOnly: isTypeOnly(statement) });
    } else if (byName.has("export")) {
      const exportNode = byName.get("export") as Node;
      records.push({ specifier: source.text, line, kind: "export-from", names: exportClauseNames(exportNode), typeOnly: isTypeOnly(exportNode) });
    } else if (byName.has("equals")) {
      records.push({ specifier: source.text, line, kind: "import-equals", names: ["*"], typeOnly: false });
    } else {
      const kind = byName.has("dynamic") ? "dynamic" : "require";
      records.push({ specifier: source.text, line, kind, names: ["*"], typeOnly: false });
    }
  }
  return records;
}

function pythonRecords(statement: Node | undefined): ImportRecord[] {
  if (!statement) return [];
  const line = statement.startPosition.row + 1;
  if (statement.type === "import_statement") {
    return statement.namedChildren
      .filter((child): child is Node => child !== null)
      .map((child) => (child.type === "aliased_import" ? child.childForFieldName("name") : child))
      .filter((name): name is Node => name !== null && name.type === "dotted_name")
      .map((name) => ({ specifier: name.text, line, kind: "python-import" as const, names: ["*"], typeOnly: false }));
  }
  const moduleNode = statement.childForFieldName("module_name");
  if (!moduleNode) return [];
  return [{ specifier: moduleNode.text, line, kind: "python-from", names: pythonFromNames(statement), typeOnly: false }];
}

/**
 * Parses `text` and lists its imports, or undefined when it did not parse (callers must not cache that: a grammar that
 * failed to load would otherwise leave files without imports for good). The tree is freed before returning.
 */
export function importsOfText(parser: SourceParser, language: ImportLanguage, text: string): ImportRecord[] | undefined {
  const tree = parser.parse(language, text);
  if (!tree) return undefined;
  try {
    return extractImports(tree, language);
  } finally {
    tree.delete();
  }
}
