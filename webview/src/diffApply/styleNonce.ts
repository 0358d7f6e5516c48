// Monaco 0.57 writes its theme and layout rules into <style> elements it creates with document.createElement and
// has no option to give them a CSP nonce. The page's CSP only admits styles from the extension's files or with this
// render's nonce (no 'unsafe-inline'), so every <style> the page creates is stamped with the nonce of the page's own
// script. This module must be imported before Monaco, whose modules create style elements as they load.

const pageNonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
const createElement = document.createElement.bind(document);

document.createElement = ((tagName: string, options?: ElementCreationOptions): HTMLElement => {
  const element = createElement(tagName, options);
  if (pageNonce && element instanceof HTMLStyleElement) element.nonce = pageNonce;
  return element;
}) as typeof document.createElement;
