import type { Node, Tree } from "web-tree-sitter";
import { collectUnits, nameOf, statementsOf, type DeclarationInfo, type LooseDefinition, type SyntaxOutline } from "./declarations";

/** Values that make `const x = <value>` a function rather than a variable. */
const FUNCTION_VALUES = new Set(["arrow_function", "function_expression", "function", "generator_function"]);

/** Values that make a non-exported `const` worth its own chunk: they are definitions, not glue. */
const STRUCTURED_VALUES = new Set(["object", "class", "array", "as_expression", "satisfies_expression"]);

const CLASS_TYPES = new Set(["class_declaration", "abstract_class_declaration", "class"]);

/**
 * Declarations of TypeScript, TSX and JavaScript files (the grammars share node names): functions, classes with their
 * methods, interfaces, type aliases, enums, namespaces, function-valued and exported constants, and CommonJS
 * `exports.x = function` assignments. Statements inside a parse error are searched too, so a file with a syntax
 * error keeps the declarations that did parse.
 */
export function outlineTypeScript(tree: Tree, text: string): SyntaxOutline {
  const looseDefinitions: LooseDefinition[] = [];
  const describe = (node: Node): DeclarationInfo | undefined => describeStatement(node, text, false, looseDefinitions);
  return { units: collectUnits(statementsOf(tree.rootNode), describe, "", text), looseDefinitions };
}

function describeStatement(
  node: Node,
  text: string,
  exported: boolean,
  looseDefinitions: LooseDefinition[],
): DeclarationInfo | undefined {
  switch (node.type) {
    case "export_statement":
      return describeExport(node, text, looseDefinitions);
    case "ambient_declaration": {
      const inner = node.namedChildren.find((child) => child.type !== "comment");
      return inner ? describeStatement(inner, text, true, looseDefinitions) : undefined;
    }
    case "function_declaration":
    case "generator_function_declaration":
    case "function_signature":
      return named(node, "function", node.childForFieldName("body"));
    case "class_declaration":
    case "abstract_class_declaration":
    case "class":
      return describeClass(node, text, nameOf(node) ?? "default");
    case "interface_declaration":
      return named(node, "interface", node.childForFieldName("body"));
    case "type_alias_declaration":
      return named(node, "type", null);
    case "enum_declaration":
      return named(node, "enum", node.childForFieldName("body"));
    case "module":
    case "internal_module":
      return describeNamespace(node, text);
    case "lexical_declaration":
    case "variable_declaration":
      return describeVariables(node, text, exported, looseDefinitions);
    case "expression_statement":
      return describeExpressionStatement(node, text, looseDefinitions);
    default:
      return undefined;
  }
}

function named(node: Node, kind: string, body: Node | null): DeclarationInfo | undefined {
  const name = nameOf(node);
  return name ? { kind, name, body } : undefined;
}

function describeExport(node: Node, text: string, looseDefinitions: LooseDefinition[]): DeclarationInfo | undefined {
  const declaration = node.childForFieldName("declaration");
  if (declaration) return describeStatement(declaration, text, true, looseDefinitions);
  // `export default <value>`: a function, class or object literal without a declared name.
  const value = node.childForFieldName("value") ?? node.namedChildren.find((child) => !isDecoration(child) && child.type !== "export_clause");
  if (!value) return undefined;
  if (FUNCTION_VALUES.has(value.type)) return { kind: "function", name: nameOf(value) ?? "default", body: value.childForFieldName("body") };
  if (CLASS_TYPES.has(value.type)) return describeClass(value, text, nameOf(value) ?? "default");
  if (value.type === "function_declaration" || value.type === "generator_function_declaration") {
    return named(value, "function", value.childForFieldName("body"));
  }
  if (value.type === "object") return { kind: "variable", name: "default", body: value };
  return undefined;
}

function isDecoration(node: Node): boolean {
  return node.type === "comment" || node.type === "decorator";
}

function describeClass(node: Node, text: string, name: string): DeclarationInfo {
  const body = node.childForFieldName("body");
  const members = body ? collectUnits(body.namedChildren, describeMember, name, text) : [];
  return {
    kind: "class",
    name,
    body,
    members,
    extraDefinitions: members.flatMap((member) => member.definitions),
  };
}

function describeMember(node: Node): DeclarationInfo | undefined {
  switch (node.type) {
    case "method_definition":
    case "method_signature":
    case "abstract_method_signature":
      return named(node, "method", node.childForFieldName("body"));
    case "public_field_definition":
    case "field_definition": {
      // A field holding an arrow function is a method in all but syntax (`handle = () => {...}`).
      const value = node.childForFieldName("value");
      const name = nameOf(node) ?? node.childForFieldName("property")?.text;
      if (!value || !name || !FUNCTION_VALUES.has(value.type)) return undefined;
      return { kind: "method", name, body: value.childForFieldName("body") };
    }
    default:
      return undefined;
  }
}

function describeNamespace(node: Node, text: string): DeclarationInfo | undefined {
  const name = node.childForFieldName("name")?.text.replace(/^["']|["']$/g, "");
  if (!name) return undefined;
  const body = node.childForFieldName("body");
  const ignored: LooseDefinition[] = [];
  const describe = (child: Node): DeclarationInfo | undefined => describeStatement(child, text, false, ignored);
  const members = body ? collectUnits(body.namedChildren, describe, name, text) : [];
  return { kind: "namespace", name, body, members, extraDefinitions: members.flatMap((member) => member.definitions) };
}

function describeVariables(
  node: Node,
  text: string,
  exported: boolean,
  looseDefinitions: LooseDefinition[],
): DeclarationInfo | undefined {
  const declarators = node.namedChildren.filter((child) => child.type === "variable_declarator");
  const names = declarators.map((declarator) => declarator.childForFieldName("name")?.text ?? "").filter(Boolean);
  if (declarators.length === 1 && names.length === 1) {
    const value = declarators[0].childForFieldName("value");
    if (value && FUNCTION_VALUES.has(value.type)) return { kind: "function", name: names[0], body: value.childForFieldName("body") };
    if (value && CLASS_TYPES.has(value.type)) return { ...describeClass(value, text, names[0]), name: names[0] };
    const multiLine = node.endPosition.row > node.startPosition.row;
    if (exported || (value && multiLine && STRUCTURED_VALUES.has(value.type))) {
      return { kind: "variable", name: names[0], body: value && STRUCTURED_VALUES.has(value.type) ? value : null };
    }
  } else if (exported && names.length > 0) {
    return { kind: "variable", name: names[0], body: null, extraDefinitions: names.slice(1) };
  }
  for (const name of names) looseDefinitions.push({ line: node.startPosition.row + 1, name });
  return undefined;
}

/** `exports.run = function () {}`, `module.exports = {...}`, `Foo.prototype.bar = () => {}`, and `namespace X {}`. */
function describeExpressionStatement(
  node: Node,
  text: string,
  looseDefinitions: LooseDefinition[],
): DeclarationInfo | undefined {
  const expression = node.namedChild(0);
  if (!expression) return undefined;
  if (expression.type === "internal_module") return describeNamespace(expression, text);
  if (expression.type !== "assignment_expression") return undefined;
  const left = expression.childForFieldName("left");
  const right = expression.childForFieldName("right");
  if (!left || !right || left.type !== "member_expression") return undefined;
  const name = left.text;
  if (FUNCTION_VALUES.has(right.type)) return { kind: "function", name, body: right.childForFieldName("body") };
  if (CLASS_TYPES.has(right.type)) return { ...describeClass(right, text, name), name };
  if (right.type === "object" && right.endPosition.row > right.startPosition.row) {
    return { kind: "variable", name, body: right };
  }
  looseDefinitions.push({ line: node.startPosition.row + 1, name });
  return undefined;
}
