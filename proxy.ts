import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { SESSION_MAX_AGE_SECONDS, authConfig, needsSignIn } from "@/auth.config";
import { authSecret } from "@/lib/auth/secret";
import { readSessionClaims, shouldRenew } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { HSTS, newNonce, pagePolicy, servedOverTls } from "@/lib/security/csp";

const { auth } = NextAuth(authConfig);


/**
 * Runs before every page (and every download served from a page path):
 * - Optimistic only: signed-out visitors of protected areas go to sign-in with a return path.
 *   Roles and ownership are checked against the database in every page and action.
 * - A fresh CSP nonce per request. The policy goes on the request too: Next reads the nonce from
 *   it while rendering and puts it on its own scripts, so every page renders per request.
 * - HSTS and upgrade-insecure-requests only when the browser came over TLS (see servedOverTls).
 */
function respond(req: NextRequest, signedIn: boolean) {
  const overTls = servedOverTls(req.headers, env().TRUST_PROXY);

  if (!signedIn && needsSignIn(req.nextUrl.pathname)) {
    const signIn = req.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = "";
    signIn.searchParams.set("callbackUrl", req.nextUrl.href);
    const redirect = NextResponse.redirect(signIn);
    if (overTls) redirect.headers.set("Strict-Transport-Security", HSTS);
    return redirect;
  }

  const nonce = newNonce();
  const policy = pagePolicy(nonce, overTls);
  const requestHeaders = new Headers(req.headers);
  // For a Server Component that must hand the nonce to a <Script>: (await headers()).get("x-nonce").
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (overTls) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

/** Auth.js's own proxy form: it re-encrypts the token with a new expiry and sets the cookie. */
const renewing = auth((req) => respond(req, Boolean(req.auth?.user)));

/**
 * The token is decrypted cheaply (once per token) on every request; only a token older than
 * RENEW_AFTER_MS (lib/auth/session-token.ts) goes through Auth.js to be renewed, so a session still ends 12 hours after the
 * last renewal, not after the last request of the hour. Every page checks the user again against
 * the database.
 */
export async function proxy(req: NextRequest, event: NextFetchEvent) {
  const claims = await readSessionClaims(req.headers.get("cookie"), authSecret());
  if (claims && shouldRenew(claims, Date.now(), SESSION_MAX_AGE_SECONDS * 1000)) {
    return (renewing as unknown as (r: NextRequest, e: NextFetchEvent) => Promise<Response>)(req, event);
  }
  return respond(req, Boolean(claims));
}

export const config = {
  // Every path but the API and Next's static files: a page outside this list would get no nonce,
  // and its framework scripts would be blocked.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
