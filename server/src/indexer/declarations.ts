import type { Node } from "web-tree-sitter";

/**
 * A declaration found in a syntax tree, as a range of whole lines. Ranges include the doc comment and decorators
 * written directly above the declaration.
 */
export interface DeclarationUnit {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  kind: string;
  symbol?: string;
  signature?: string;
  definitions: string[];
  /** For containers (classes, namespaces): their members, used when the container is too big for one chunk. */
  members?: DeclarationUnit[];
}

/** A name defined by a statement that is not a declaration unit (a top-level `const`, a Python assignment). */
export interface LooseDefinition {
  line: number;
  name: string;
}

/** What a language's outliner extracts from one syntax tree. */
export interface SyntaxOutline {
  units: DeclarationUnit[];
  looseDefinitions: LooseDefinition[];
}

/** What a language's outliner says about one statement: a declaration, or nothing (it belongs to a module chunk). */
export interface DeclarationInfo {
  kind: string;
  name: string;
  /** Where the declaration head ends: the body node, when there is one. */
  body?: Node | null;
  /** Extra text for the signature after the head (a Python docstring). */
  signatureSuffix?: string;
  /** Members of a container; already qualified with the container's name. */
  members?: DeclarationUnit[];
  /** Names defined besides `name` (other declarators of one `const` statement, members of a small class). */
  extraDefinitions?: string[];
}

/** Node types that can sit directly above a declaration and belong to it. */
const LEADING_TYPES = new Set(["comment", "decorator"]);

const MAX_SIGNATURE_CHARS = 1000;

/** Last line of a node: a node that ends at column 0 ends on the line before (its trailing newline). */
export function lastLineOf(node: Node): number {
  const { row, column } = node.endPosition;
  return column === 0 && row > node.startPosition.row ? row : row + 1;
}

/**
 * Turns a list of sibling statements into declaration units. `describe` decides which statements are declarations;
 * comments and decorators written directly above one (no blank line between) are attached to it.
 */
export function collectUnits(
  siblings: Node[],
  describe: (node: Node) => DeclarationInfo | undefined,
  qualifier: string,
  text: string,
): DeclarationUnit[] {
  const units: DeclarationUnit[] = [];
  let leading: Node[] = [];
  let previousEndRow = -1;
  for (const node of siblings) {
    if (LEADING_TYPES.has(node.type)) {
      // A comment on the same line as the previous statement is that statement's trailing remark, not a doc comment.
      const startsOwnLine = node.startPosition.row > previousEndRow;
      const touchesPrevious = leading.length === 0 || node.startPosition.row <= leading[leading.length - 1].endPosition.row + 1;
      if (!startsOwnLine) leading = [];
      else if (touchesPrevious) leading.push(node);
      else leading = [node];
      previousEndRow = node.endPosition.row;
      continue;
    }
    const info = describe(node);
    const attached = leading.length > 0 && leading[leading.length - 1].endPosition.row >= node.startPosition.row - 1;
    const first = attached ? leading[0] : node;
    leading = [];
    previousEndRow = node.endPosition.row;
    if (!info) continue;
    const symbol = qualifier ? `${qualifier}.${info.name}` : info.name;
    units.push({
      startLine: first.startPosition.row + 1,
      endLine: lastLineOf(node),
      kind: info.kind,
      symbol,
      signature: signatureOf(text, first.startIndex, node, info),
      definitions: [symbol, ...(info.extraDefinitions ?? [])],
      members: info.members,
    });
  }
  return units;
}

/** The declaration head (doc comment and decorators included) up to its body, plus any suffix such as a docstring. */
function signatureOf(text: string, start: number, node: Node, info: DeclarationInfo): string {
  let end = info.body ? info.body.startIndex : node.endIndex;
  if (!info.body) {
    // Without a body (a type alias, a field) the head is the first line of the declaration itself.
    const lineEnd = text.indexOf("\n", node.startIndex);
    if (lineEnd !== -1) end = Math.min(end, lineEnd);
  }
  let signature = text.slice(start, end).trimEnd();
  if (info.signatureSuffix) signature += `\n${info.signatureSuffix}`;
  return signature.length > MAX_SIGNATURE_CHARS ? `${signature.slice(0, MAX_SIGNATURE_CHARS)}…` : signature;
}

/** The text of a node's `name` field, or undefined when it has none. */
export function nameOf(node: Node | null | undefined): string | undefined {
  return node?.childForFieldName("name")?.text;
}

/** Statements of a container, with the contents of error nodes spliced in where the parser gave up. */
export function statementsOf(container: Node): Node[] {
  const statements: Node[] = [];
  for (const child of container.namedChildren) {
    if (child.type === "ERROR") statements.push(...statementsOf(child));
    else statements.push(child);
  }
  return statements;
}
