/**
 * Characters no text column can hold as typed: NUL (Postgres refuses it in text and jsonb, which
 * would fail the whole write) and unpaired UTF-16 surrogates (the drivers encode them as U+FFFD,
 * so what is stored is not what was sent). Browsers already replace unpaired surrogates in form
 * posts; JSON (the bank import) can still carry both as escapes.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = "Remove the invisible or broken character (such as a NUL) from this field.";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
