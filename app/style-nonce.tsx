"use client";

// Libraries that add <style> elements while running (Radix's scroll lock for menus and dialogs,
// through react-style-singleton) put `__webpack_nonce__` on them when it is set; the bundler leaves
// that name as a plain global. The nonce is read from the document's own scripts rather than
// passed down from the server, because a refresh or a Server Action re-renders layouts with a
// newer request's nonce while the page keeps the policy it was first sent with.
if (typeof document !== "undefined") {
  const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
  if (nonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
}

/** Rendered once in the root layout so the module above runs on every page. */
export function StyleNonce() {
  return null;
}
