import { decode } from "next-auth/jwt";
import { isUuid } from "@/lib/validation/ids";

/** Auth.js's session cookie: the `__Secure-` name over HTTPS, the plain one otherwise. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export interface SessionClaims {
  /** The user id the token was minted for (not yet checked against the database). */
  userId: string;
  /** The user's session version when the token was minted. */
  sessionVersion: number;
  /** When the token expires (ms since the epoch). */
  expiresAtMs: number;
}

/**
 * Decrypted claims by exact token (and secret and cookie name), so a learner's autosaves decrypt
 * their token once rather than on every save. Only a token that decrypted is kept, with its
 * expiry; the user row is still checked on every request. Bounded: the oldest entry goes first.
 */
const CLAIMS_CACHE_SIZE = 4096;
const claimsCache = new Map<string, { claims: SessionClaims; expiresAtMs: number }>();

function parseCookies(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it as sent: decryption will refuse it
    }
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** The cookie's value, joined from `name.0`, `name.1`, … when Auth.js had to split a large token. */
function cookieValue(cookies: Map<string, string>, name: string): string | null {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: [number, string][] = [];
  for (const [key, value] of cookies) {
    const m = key.startsWith(`${name}.`) ? /^\d+$/.exec(key.slice(name.length + 1)) : null;
    if (m) chunks.push([Number(m[0]), value]);
  }
  if (!chunks.length) return null;
  return chunks
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v)
    .join("");
}

/**
 * Reads the session token from a Cookie header without touching the cookie: decrypts it with the
 * same secret and salt (the cookie's name) as Auth.js, which also refuses an expired token. Unlike
 * `auth()`, it never re-encrypts a fresh token, so it suits a hot JSON endpoint that answers
 * without setting cookies. The claims still have to be checked against the user row (active,
 * session version, role) by the caller. Null for no token, a token that does not decrypt, an
 * expired one or one without a user id.
 */
export async function readSessionClaims(cookieHeader: string | null, secret: string, now = Date.now()): Promise<SessionClaims | null> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookieValue(cookies, name);
    if (!token) continue;
    const key = `${secret}\u0000${name}\u0000${token}`;
    const hit = claimsCache.get(key);
    if (hit) {
      if (now < hit.expiresAtMs) return hit.claims;
      claimsCache.delete(key);
      return null;
    }
    try {
      const payload = await decode({ token, secret, salt: name });
      const userId = payload?.sub;
      if (!isUuid(userId)) return null;
      // Auth.js always sets exp; a token without one is refused rather than trusted forever.
      if (typeof payload?.exp !== "number") return null;
      const claims = { userId, sessionVersion: typeof payload?.sv === "number" ? payload.sv : -1, expiresAtMs: payload.exp * 1000 };
      if (claimsCache.size >= CLAIMS_CACHE_SIZE) claimsCache.delete(claimsCache.keys().next().value!);
      claimsCache.set(key, { claims, expiresAtMs: claims.expiresAtMs });
      return claims;
    } catch {
      return null;
    }
  }
  return null;
}

/** A session cookie is renewed (a fresh token for the whole lifetime) once it is this old. */
export const RENEW_AFTER_MS = 60 * 60 * 1000;

/** Whether a token is old enough to be renewed: minted more than RENEW_AFTER_MS ago. */
export function shouldRenew(claims: Pick<SessionClaims, "expiresAtMs">, now: number, maxAgeMs: number, renewAfterMs = RENEW_AFTER_MS): boolean {
  return claims.expiresAtMs - now < maxAgeMs - renewAfterMs;
}
