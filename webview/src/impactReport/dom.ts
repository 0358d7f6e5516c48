// A tiny element builder: every piece of text goes in through textContent, never as HTML, because commit messages,
// paths and code come from the repository and must not be able to inject markup into the report.

import type { ImpactReportViewMessage } from "../../../shared/webview/impactReport";
export { plural } from "../../../shared/text/plural";

/** How render code talks to the host; every view → host message is typed by the shared protocol. */
export type Post = (message: ImpactReportViewMessage) => void;

export type Child = Node | string | number | false | null | undefined;

export interface ElementOptions {
  className?: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  /** Properties set on the element (custom elements take some settings only as properties). */
  properties?: Record<string, unknown>;
  onClick?: (event: Event) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [name, value] of Object.entries(options.properties ?? {})) (element as unknown as Record<string, unknown>)[name] = value;
  if (options.onClick) element.addEventListener("click", options.onClick);
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** A codicon, hidden from screen readers (the text next to it says the same). */
export function icon(name: string): HTMLSpanElement {
  return h("span", { className: `codicon codicon-${name}`, attributes: { "aria-hidden": "true" } });
}

/** A focusable link that runs `action` instead of navigating (Enter works as for any link). */
export function actionLink(label: Child[], action: () => void, ariaLabel?: string, title?: string): HTMLAnchorElement {
  return h(
    "a",
    {
      attributes: { href: "#", "aria-label": ariaLabel, title },
      onClick: (event) => {
        event.preventDefault();
        action();
      },
    },
    ...label,
  );
}

/** "3 days ago" style text for an ISO date, falling back to the date itself. */
export function relativeTime(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  const units: Array<[number, string]> = [
    [60 * 60 * 24 * 365, "year"],
    [60 * 60 * 24 * 30, "month"],
    [60 * 60 * 24 * 7, "week"],
    [60 * 60 * 24, "day"],
    [60 * 60, "hour"],
    [60, "minute"],
  ];
  for (const [size, unit] of units) {
    const count = Math.floor(Math.abs(seconds) / size);
    if (count >= 1) return seconds >= 0 ? `${count} ${unit}${count === 1 ? "" : "s"} ago` : `in ${count} ${unit}${count === 1 ? "" : "s"}`;
  }
  return "just now";
}

