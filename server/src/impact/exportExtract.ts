import type { Node, Tree } from "web-tree-sitter";
import type { ImportLanguage } from "./parsers";

/** A symbol other files can import, with the lines of its declaration (1-based, inclusive). */
export interface ExportedSymbol {
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  /** The declaration's text up to its body, used to tell a signature change from a body-only change. */
  signature: string;
  /** The whole declaration's text, used to tell whether it changed at all. */
  text: string;
}

const DECLARATION_NAME_FIELDS = new Set([
  "function_declaration",
  "generator_function_declaration",
  "class_declaration",
  "abstract_class_declaration",
  "interface_declaration",
  "type_alias_declaration",
  "enum_declaration",
  "function_signature",
  "module",
  "internal_module",
]);

function signatureOf(node: Node): string {
  const body = node.childForFieldName("body");
  const end = body ? body.startIndex - node.startIndex : node.text.length;
  return node.text.slice(0, end).replace(/\s+/g, " ").trim();
}

function symbol(name: string, kind: string, node: Node, signatureNode: Node = node): ExportedSymbol {
  return {
    name,
    kind,
    startLine: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    signature: signatureOf(signatureNode),
    text: node.text,
  };
}

/** Names a top-level declaration introduces, each with the node that declares it. */
function declaredNames(declaration: Node): Array<{ name: string; kind: string; node: Node }> {
  if (DECLARATION_NAME_FIELDS.has(declaration.type)) {
    const name = declaration.childForFieldName("name")?.text;
    return name ? [{ name, kind: declaration.type.replace(/_declaration$/, ""), node: declaration }] : [];
  }
  if (declaration.type === "lexical_declaration" || declaration.type === "variable_declaration") {
    return declaration.namedChildren
      .filter((child): child is Node => child !== null && child.type === "variable_declarator")
      .map((declarator) => ({ name: declarator.childForFieldName("name")?.text ?? "", kind: "variable", node: declarator }))
      .filter((entry) => entry.name.length > 0 && /^[\w$]+$/.test(entry.name));
  }
  return [];
}

function jsExports(root: Node): ExportedSymbol[] {
  const local = new Map<string, { kind: string; node: Node; statement: Node }>();
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === "export_statement") continue;
    for (const entry of declaredNames(statement)) local.set(entry.name, { ...entry, statement });
  }
  const result: ExportedSymbol[] = [];
  for (const statement of root.namedChildren) {
    if (!statement || statement.type !== "export_statement" || statement.childForFieldName("source")) continue;
    const declaration = statement.childForFieldName("declaration");
    const isDefault = statement.children.some((child) => child?.type === "default");
    if (declaration) {
      const names = declaredNames(declaration);
      for (const entry of names) {
        const whole = names.length === 1 ? statement : entry.node;
        result.push(symbol(isDefault ? "default" : entry.name, entry.kind, whole, entry.node));
      }
      if (names.length === 0 && isDefault) result.push(symbol("default", "default", statement));
      continue;
    }
    const clause = statement.namedChildren.find((child) => child?.type === "export_clause");
    if (clause) {
      for (const specifier of clause.namedChildren) {
        if (!specifier || specifier.type !== "export_specifier") continue;
        const localName = specifier.childForFieldName("name")?.text ?? "";
        const exported = specifier.childForFieldName("alias")?.text ?? localName;
        const declared = local.get(localName);
        result.push(declared ? symbol(exported, declared.kind, declared.statement, declared.node) : symbol(exported, "reexport", specifier));
      }
    } else if (isDefault) {
      result.push(symbol("default", "default", statement));
    }
  }
  return result;
}

function pythonExports(root: Node): ExportedSymbol[] {
  const result: ExportedSymbol[] = [];
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    const definition = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
    if (!definition) continue;
    if (definition.type === "function_definition" || definition.type === "class_definition") {
      const name = definition.childForFieldName("name")?.text;
      if (name && !name.startsWith("_")) result.push(symbol(name, definition.type.replace(/_definition$/, ""), statement, definition));
    } else if (definition.type === "expression_statement") {
      const assignment = definition.namedChildren[0];
      const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
      if (left?.type === "identifier" && !left.text.startsWith("_")) result.push(symbol(left.text, "variable", statement));
    }
  }
  return result;
}

/** The symbols a module exports (ES `export`, or Python's public top-level names). */
export function extractExports(tree: Tree, language: ImportLanguage): ExportedSymbol[] {
  return language === "python" ? pythonExports(tree.rootNode) : jsExports(tree.rootNode);
}
