/**
 * Every CSS selector the e2e tests use, in one place: when a VS Code update moves the DOM, only this file changes.
 * Checked against code-server 4.100.3 (VS Code 1.100.3).
 */
export const SELECTORS = {
  workbench: ".monaco-workbench",
  quickInputWidget: ".quick-input-widget",
  quickInputBox: ".quick-input-widget .quick-input-box input",
  quickInputRows: ".quick-input-widget .quick-input-list .monaco-list-row",
  quickInputProgress: ".quick-input-widget .quick-input-progress",
  statusBarItems: ".part.statusbar .statusbar-item",
  /** The "Ln X, Col Y" item; VS Code gives status bar items their contribution id as element id. */
  cursorPosition: ".part.statusbar [id='status.editor.selection']",
  activeTab: ".part.editor .editor-group-container.active .tab.active",
  activeEditorInput: ".part.editor .editor-group-container.active .monaco-editor textarea",
  dialogBox: ".monaco-dialog-box",
  notificationToasts: ".notifications-toasts .notification-toast",
} as const;
