// Accept/Reject controls drawn inside the diff, above each hunk's lines on the proposal side. The change list next to
// the diff offers the same decisions in the page's tab order; these put them where the eye is.
import type * as monaco from "monaco-editor/editor/editor.api.js";
import type { HunkPlacement } from "../../../shared/diff/hunkDecisions";
import type { DiffApplyHunk, HunkChoice } from "../../../shared/webview/diffApply";
import { button, h } from "./dom";

const ZONE_HEIGHT_PX = 30;

export type Choose = (hunkIds: string[], choice: HunkChoice) => void;

export function choiceLabel(choice: HunkChoice): string {
  return choice === "pending" ? "undecided" : choice;
}

function zoneNode(hunk: DiffApplyHunk, index: number, path: string, done: boolean, choose: Choose): HTMLElement {
  const node = h(
    "div",
    { class: "hunk-zone", "data-choice": hunk.choice, "data-hunk-id": hunk.id },
    h("span", { class: "hunk-zone-label" }, `Change ${index + 1} · ${choiceLabel(hunk.choice)}`),
    button("Accept", () => choose([hunk.id], "accepted"), { disabled: done || hunk.choice === "accepted", aria: `Accept change ${index + 1} in ${path}` }),
    button("Reject", () => choose([hunk.id], "rejected"), { secondary: true, disabled: done || hunk.choice === "rejected", aria: `Reject change ${index + 1} in ${path}` }),
  );
  // Keep a mouse-down on the buttons from reaching the editor, which would start a selection and take the focus.
  node.addEventListener("mousedown", (event) => event.stopPropagation());
  return node;
}

/**
 * A view zone keeps room above the hunk, and an overlay widget drawn at the zone's place holds the buttons: the
 * editor's line layer lies on top of view zones and would swallow their clicks, while overlay widgets lie above it.
 */
export class HunkWidgets {
  private zoneIds: string[] = [];
  private overlays: monaco.editor.IOverlayWidget[] = [];

  constructor(private readonly editor: monaco.editor.ICodeEditor) {}

  /** Replaces the controls with one per hunk, at the line where its new lines start (or would, once rejected). */
  render(path: string, hunks: readonly DiffApplyHunk[], placements: readonly HunkPlacement[], done: boolean, choose: Choose): void {
    this.clear();
    const lineOf = new Map(placements.map((p) => [p.id, p.line]));
    this.editor.changeViewZones((zones) => {
      hunks.forEach((hunk, index) => {
        const overlay = this.overlay(`vibe-coder.hunk.${index}`, zoneNode(hunk, index, path, done, choose));
        this.zoneIds.push(
          zones.addZone({
            afterLineNumber: (lineOf.get(hunk.id) ?? 1) - 1,
            heightInPx: ZONE_HEIGHT_PX,
            domNode: document.createElement("div"),
            // Above the diff's own zone of removed lines at the same place (in the inline view).
            ordinal: 0,
            onDomNodeTop: (top) => overlay.moveTo(top),
          }),
        );
      });
    });
  }

  clear(): void {
    this.editor.changeViewZones((zones) => {
      for (const id of this.zoneIds) zones.removeZone(id);
    });
    for (const overlay of this.overlays) this.editor.removeOverlayWidget(overlay);
    this.zoneIds = [];
    this.overlays = [];
  }

  private overlay(id: string, node: HTMLElement): { moveTo(top: number): void } {
    let top = -1e6;
    const widget: monaco.editor.IOverlayWidget = {
      getId: () => id,
      getDomNode: () => node,
      getPosition: () => {
        const layout = this.editor.getLayoutInfo();
        node.style.width = `${Math.max(0, layout.contentWidth - layout.verticalScrollbarWidth)}px`;
        node.style.height = `${ZONE_HEIGHT_PX}px`;
        return { preference: { top, left: layout.contentLeft } };
      },
    };
    this.editor.addOverlayWidget(widget);
    this.overlays.push(widget);
    return {
      moveTo: (next) => {
        if (next === top) return;
        top = next;
        this.editor.layoutOverlayWidget(widget);
      },
    };
  }
}
