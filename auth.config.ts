import type { NextAuthConfig } from "next-auth";
import type { Role } from "@/db/schema";
import { authSecret } from "@/lib/auth/secret";

/** Longer than the longest practice set (100 minutes) plus a generous margin. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const PROTECTED_PREFIXES = ["/learn", "/coach", "/admin", "/bank", "/account", "/notifications"];

/** Areas a signed-out visitor is sent away from before any rendering (pages check again). */
export function needsSignIn(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

// Shared by the proxy and auth.ts; no database here. The proxy only redirects optimistically:
// every page and action checks the user again against the database.
export const authConfig = {
  secret: authSecret(),
  trustHost: true,
  logger: {
    // A wrong password is an expected answer, not a server error worth a stack trace.
    error(error) {
      const type = (error as Error & { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      return needsSignIn(pathname) ? Boolean(auth?.user) : true;
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.role = token.role as Role;
      session.sv = typeof token.sv === "number" ? token.sv : -1;
      return session;
    },
  },
} satisfies NextAuthConfig;
