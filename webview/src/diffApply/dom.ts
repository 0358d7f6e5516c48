import "@vscode-elements/elements/dist/vscode-button/index.js";

/** Builds an element; text always goes in as text (code from a model must never become markup). */
export function h(tag: string, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

export interface ButtonOptions {
  secondary?: boolean;
  disabled?: boolean;
  /** The accessible name when the visible label alone is ambiguous (e.g. "Accept change 2 in src/a.ts"). */
  aria?: string;
}

export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLElement {
  const element = h("vscode-button", { "aria-label": options.aria ?? label }, label);
  if (options.secondary) element.setAttribute("secondary", "");
  if (options.disabled) element.setAttribute("disabled", "");
  element.addEventListener("click", () => {
    if (!element.hasAttribute("disabled")) onClick();
  });
  return element;
}
