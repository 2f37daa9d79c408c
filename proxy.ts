import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig, needsSignIn } from "@/auth.config";
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
export const proxy = auth((req) => {
  const overTls = servedOverTls(req.headers, env().TRUST_PROXY);

  if (!req.auth?.user && needsSignIn(req.nextUrl.pathname)) {
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
});

export const config = {
  // Every path but the API and Next's static files: a page outside this list would get no nonce,
  // and its framework scripts would be blocked.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"],
};
