import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { getDb } from "@/db/client";
import { authenticate } from "@/lib/auth/credentials";
import { clientAddress } from "@/lib/auth/client-address";

export class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
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
