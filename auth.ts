import NextAuth, { CredentialsSignin, type Session } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { authConfig } from "@/auth.config";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/auth/server/credentials";
import { clientAddress } from "@/lib/auth/client-address";
import { authSecret } from "@/lib/auth/secret";
import { readSessionClaims } from "@/lib/auth/session-token";

export class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const nextAuth = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticate(await getDb(), {
          email: credentials?.email,
          password: credentials?.password,
          ip: clientAddress(request.headers),
        });
        if (result.ok) return result.user;
        if (result.reason === "throttled") throw new ThrottledSignin();
        return null;
      },
    }),
  ],
});

export const { handlers, signIn, signOut } = nextAuth;

/**
 * The session of the current request, for Server Components, route handlers and actions: the
 * cookie is decrypted (once per token, see readSessionClaims) and not re-issued. Auth.js's own
 * `auth()` would also encrypt a fresh token on every call, which a page cannot even send; the
 * proxy renews the cookie on navigation. Who the user is, and whether that token still counts,
 * is decided against the database by lib/dal/session.ts.
 */
async function sessionOfRequest(): Promise<Session | null> {
  const claims = await readSessionClaims((await headers()).get("cookie"), authSecret());
  if (!claims) return null;
  return { user: { id: claims.userId }, sv: claims.sessionVersion, expires: new Date(claims.expiresAtMs).toISOString() } as Session;
}

/** `auth()` with no arguments reads the request's session cheaply; every other form is Auth.js's. */
export const auth = ((...args: unknown[]) =>
  args.length === 0 ? sessionOfRequest() : (nextAuth.auth as (...a: unknown[]) => unknown)(...args)) as typeof nextAuth.auth;
