import type { Node, Tree } from "web-tree-sitter";
import { collectUnits, nameOf, statementsOf, type DeclarationInfo, type LooseDefinition, type SyntaxOutline } from "./declarations";

/**
 * Declarations of Python files: functions, classes and their methods (decorators included, as tree-sitter puts them
 * inside `decorated_definition`). A docstring is part of the signature because it is the documentation.
 * Module-level assignments stay in module chunks but their names are recorded as definitions.
 */
export function outlinePython(tree: Tree, text: string): SyntaxOutline {
  const looseDefinitions: LooseDefinition[] = [];
  const describe = (node: Node): DeclarationInfo | undefined => describeStatement(node, text, looseDefinitions);
  return { units: collectUnits(statementsOf(tree.rootNode), describe, "", text), looseDefinitions };
}

function describeStatement(node: Node, text: string, looseDefinitions: LooseDefinition[]): DeclarationInfo | undefined {
  const definition = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
  if (!definition) return undefined;
  if (definition.type === "function_definition") return describeFunction(definition, "function");
  if (definition.type === "class_definition") return describeClass(definition, text);
  if (node.type === "expression_statement") {
    for (const name of assignedNames(node)) looseDefinitions.push({ line: node.startPosition.row + 1, name });
  }
  return undefined;
}

function describeFunction(node: Node, kind: string): DeclarationInfo | undefined {
  const name = nameOf(node);
  if (!name) return undefined;
  const body = node.childForFieldName("body");
  return { kind, name, body, signatureSuffix: docstringOf(body) };
}

function describeClass(node: Node, text: string): DeclarationInfo | undefined {
  const name = nameOf(node);
  if (!name) return undefined;
  const body = node.childForFieldName("body");
  const members = body ? collectUnits(body.namedChildren, describeMember, name, text) : [];
  return {
    kind: "class",
    name,
    body,
    signatureSuffix: docstringOf(body),
    members,
    extraDefinitions: members.flatMap((member) => member.definitions),
  };

  function describeMember(member: Node): DeclarationInfo | undefined {
    const definition = member.type === "decorated_definition" ? member.childForFieldName("definition") : member;
    if (definition?.type === "function_definition") return describeFunction(definition, "method");
    if (definition?.type === "class_definition") return describeClass(definition, text);
    return undefined;
  }
}

/** The docstring: a string literal as the first statement of a body. */
function docstringOf(body: Node | null): string | undefined {
  const first = body?.namedChild(0);
  if (first?.type !== "expression_statement") return undefined;
  const literal = first.namedChild(0);
  return literal?.type === "string" ? literal.text : undefined;
}

/** Names bound by `X = ...`, `X: int = ...` or `A, B = ...` at module level. */
function assignedNames(statement: Node): string[] {
  const assignment = statement.namedChild(0);
  if (assignment?.type !== "assignment") return [];
  const left = assignment.childForFieldName("left");
  if (!left) return [];
  if (left.type === "identifier") return [left.text];
  return left.namedChildren.filter((child) => child.type === "identifier").map((child) => child.text);
}
