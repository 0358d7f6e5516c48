import type { Node, Tree } from "web-tree-sitter";
import type { FunctionAtResult, LineRange } from "../../../shared/protocol/actions";
import { extractImports, type ImportRecord } from "../impact/importExtract";
import { loadParsers, type ParserSet } from "../indexer/grammars";
import { isSyntaxLanguage, languageForPath, SYNTAX_LANGUAGES, type SyntaxLanguage } from "../indexer/languages";

/** Nodes that are a function or method in one of the parsed languages. */
const FUNCTION_TYPES = new Set([
  "function_declaration",
  "generator_function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "function_definition",
  "function_signature",
]);
const CLASS_TYPES = new Set(["class_declaration", "abstract_class_declaration", "class", "class_definition"]);
/** Wrappers whose range belongs to the declaration they hold (so an edit keeps `export`, decorators, `const f =`). */
const WRAPPER_TYPES = new Set(["export_statement", "decorated_definition", "lexical_declaration", "variable_declaration", "variable_declarator", "public_field_definition", "pair"]);
const IMPORT_TYPES = new Set(["import_statement", "import_from_statement", "future_import_statement"]);
const IDENTIFIER_TYPES = new Set(["identifier", "type_identifier", "property_identifier"]);

/** What the actions need from tree-sitter: function ranges, the enclosing class, imports, names used, syntax errors. */
export interface SyntaxFacts {
  language: SyntaxLanguage;
  /** Import statements at the top level, as line ranges. */
  imports: LineRange[];
  /** What those statements import, as the impact graph reads them (for resolving imported files). */
  importRecords: ImportRecord[];
  /** The smallest class around the target, with the lines of its header and of each member's first line. */
  enclosingClass?: { name?: string; range: LineRange; headerLines: number[] };
  /** Identifiers the target uses but does not define, most frequent first (for definitions and call sites). */
  usedNames: string[];
  /** Names the target declares (a function's own name), for finding its call sites. */
  declaredNames: string[];
}

/** Tree-sitter parsers shared by every action request; parsing is synchronous once loaded. */
export class ActionSyntax {
  /** The most recently parsed document (see `withTree`). */
  private lastTree: { language: SyntaxLanguage; text: string; tree: Tree } | undefined;

  private constructor(private readonly parsers: ParserSet) {}

  static async load(grammarDir?: string): Promise<ActionSyntax> {
    return new ActionSyntax(await loadParsers(SYNTAX_LANGUAGES, grammarDir));
  }

  /** The tree-sitter language of a path, when one is loaded. */
  languageOf(path: string): SyntaxLanguage | undefined {
    const language = languageForPath(path);
    return isSyntaxLanguage(language) && this.parsers.has(language) ? language : undefined;
  }

  /**
   * Runs `use` on the tree of `text`; undefined when the language is not parsed. The last tree is kept: one action
   * asks for the function at the cursor and then the facts of the same document, and parsing it twice cost as much
   * as the whole context lookup. `use` must not keep or edit the tree.
   */
  withTree<T>(path: string, text: string, use: (tree: Tree, language: SyntaxLanguage) => T): T | undefined {
    const language = this.languageOf(path);
    const parser = language ? this.parsers.get(language) : undefined;
    if (!language || !parser) return undefined;
    const last = this.lastTree;
    if (last && last.language === language && last.text === text) return use(last.tree, language);
    const tree = parser.parse(text);
    if (!tree) {
      parser.reset();
      return undefined;
    }
    last?.tree.delete();
    this.lastTree = { language, text, tree };
    return use(tree, language);
  }

  /** The smallest function or method whose lines contain `line`, with its export/decorators and doc comment. */
  functionAt(path: string, text: string, line: number): FunctionAtResult | null {
    return this.withTree(path, text, (tree) => functionAtLine(tree, line)) ?? null;
  }

  /** How many ERROR and MISSING nodes the text has; undefined for languages that are not parsed. */
  syntaxErrorCount(path: string, text: string): number | undefined {
    return this.withTree(path, text, (tree) => countErrors(tree.rootNode));
  }

  /** Imports, enclosing class and the names used by the target lines. */
  facts(path: string, text: string, target: LineRange): SyntaxFacts | undefined {
    return this.withTree(path, text, (tree, language) => collectFacts(tree, language, target));
  }
}

function row(line: number): number {
  return line - 1;
}

function linesOf(node: Node): LineRange {
  return { startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
}

function smallestAt(root: Node, line: number, accept: (node: Node) => boolean): Node | undefined {
  let found: Node | undefined;
  const visit = (node: Node): void => {
    if (node.startPosition.row > row(line) || node.endPosition.row < row(line)) return;
    if (accept(node)) found = node;
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  return found;
}

function functionAtLine(tree: Tree, line: number): FunctionAtResult | null {
  const node = smallestAt(tree.rootNode, line, isNamedFunction);
  if (!node) return null;
  let outer = node;
  while (outer.parent && WRAPPER_TYPES.has(outer.parent.type)) outer = outer.parent;
  // A wrapper that holds several declarations (`const a = 1, f = () => {}`) is too wide to replace safely.
  if (outer !== node && outer.type === "lexical_declaration" && outer.namedChildren.length > 1) outer = node;
  const range = linesOf(outer);
  // A doc comment right above belongs to the function: /doc replaces it, an improvement keeps it in view.
  let previous = outer.previousNamedSibling;
  while (previous && previous.type === "comment" && previous.endPosition.row + 1 >= range.startLine - 1) {
    range.startLine = previous.startPosition.row + 1;
    previous = previous.previousNamedSibling;
  }
  const name = node.childForFieldName("name")?.text ?? nameFromWrapper(node);
  const kind = node.type === "method_definition" || enclosedByClass(node) ? "method" : "function";
  return { ...range, kind, ...(name ? { symbol: name } : {}) };
}

/** Anonymous callbacks (`items.map((x) => ...)`) are part of their function, not "the function at the cursor". */
function isNamedFunction(node: Node): boolean {
  if (!FUNCTION_TYPES.has(node.type)) return false;
  if (node.type !== "arrow_function" && node.type !== "function_expression") return true;
  const parent = node.parent?.type;
  return parent === "variable_declarator" || parent === "public_field_definition" || parent === "pair" || parent === "assignment_expression";
}

function nameFromWrapper(node: Node): string | undefined {
  const parent = node.parent;
  if (parent?.type === "variable_declarator" || parent?.type === "public_field_definition" || parent?.type === "pair") {
    return (parent.childForFieldName("name") ?? parent.childForFieldName("key"))?.text;
  }
  return undefined;
}

function enclosedByClass(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (CLASS_TYPES.has(p.type)) return true;
    if (FUNCTION_TYPES.has(p.type)) return false;
  }
  return false;
}

/** Counts ERROR and MISSING nodes, descending only into subtrees that report an error (cheap on clean code). */
export function countErrors(node: Node): number {
  if (!node.hasError && !node.isMissing) return 0;
  let count = node.isError || node.isMissing ? 1 : 0;
  for (const child of node.children) count += countErrors(child);
  return count;
}

function collectFacts(tree: Tree, language: SyntaxLanguage, target: LineRange): SyntaxFacts {
  const root = tree.rootNode;
  const imports: LineRange[] = [];
  for (const child of root.namedChildren) {
    const isImport = IMPORT_TYPES.has(child.type) || (child.type === "lexical_declaration" && /\brequire\s*\(/.test(child.text.slice(0, 300)));
    if (isImport) imports.push(linesOf(child));
  }
  const classNode = smallestAt(root, target.startLine, (n) => CLASS_TYPES.has(n.type) && n.endPosition.row + 1 >= target.endLine);
  let enclosingClass: SyntaxFacts["enclosingClass"];
  if (classNode) {
    const body = classNode.childForFieldName("body");
    const headerLines = [classNode.startPosition.row + 1];
    for (const member of body?.namedChildren ?? []) headerLines.push(member.startPosition.row + 1);
    const name = classNode.childForFieldName("name")?.text;
    enclosingClass = { range: linesOf(classNode), headerLines, ...(name ? { name } : {}) };
  }
  const counts = new Map<string, number>();
  const declared = new Set<string>();
  const visit = (node: Node): void => {
    if (node.endPosition.row < row(target.startLine) || node.startPosition.row > row(target.endLine)) return;
    if (IDENTIFIER_TYPES.has(node.type)) {
      const parent = node.parent;
      const isDeclaration = parent !== null && parent.childForFieldName("name")?.id === node.id && (FUNCTION_TYPES.has(parent.type) || CLASS_TYPES.has(parent.type) || parent.type === "variable_declarator");
      if (isDeclaration) declared.add(node.text);
      else if (node.text.length > 2) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(root);
  const usedNames = [...counts.entries()]
    .filter(([name]) => !declared.has(name) && !COMMON_NAMES.has(name))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
  let importRecords: ImportRecord[] = [];
  try {
    importRecords = extractImports(tree, language);
  } catch {
    // Imports only sharpen the context; a query failure must not stop the action.
  }
  return { language, imports, importRecords, usedNames, declaredNames: [...declared], ...(enclosingClass ? { enclosingClass } : {}) };
}

/** Names so common that searching for their definitions would only add noise. */
const COMMON_NAMES = new Set([
  "this", "self", "length", "push", "map", "filter", "reduce", "forEach", "then", "catch", "log", "console", "String",
  "Number", "Boolean", "Array", "Object", "Promise", "Math", "JSON", "Error", "undefined", "null", "true", "false",
  "string", "number", "boolean", "void", "any", "unknown", "never", "slice", "join", "split", "keys", "values",
  "entries", "get", "set", "has", "add", "delete", "toString", "print", "len", "range", "str", "int", "dict", "list",
  "append", "items", "None", "True", "False", "value", "key", "index", "result", "error", "data",
]);
