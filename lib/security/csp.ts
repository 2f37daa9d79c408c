/**
 * The page Content-Security-Policy. Scripts run only from this origin and only when they carry the
 * per-request nonce (Next puts it on its own bootstrap and chunk scripts; 'strict-dynamic' lets
 * those load the chunks they import). Style elements and stylesheet links need the nonce too.
 * Style attributes are allowed inline: Recharts' ResponsiveContainer and the score bars are
 * server-rendered with `style="width:…;height:…"`, and blocking those leaves charts without a
 * size; an attribute can neither run script nor load anything outside 'self'.
 */
export function pagePolicy(nonce: string, overTls: boolean): string {
  if (!/^[A-Za-z0-9+/]{16,}={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be base64.");
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ];
  if (overTls) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** For responses that are not pages (JSON, downloads): nothing may run or load, nothing may frame them. */
export const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const HSTS = "max-age=31536000; includeSubDomains";

/** 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Whether the browser reached us over TLS. The app itself serves plain http; TLS ends at a proxy
 * in front of it, which says so in X-Forwarded-Proto. That header is believed only behind a
 * trusted proxy (TRUST_PROXY=1), since any client can send it.
 */
export function servedOverTls(headers: Headers, trustProxy: boolean): boolean {
  if (!trustProxy) return false;
  const first = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}
