import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";

const { auth } = NextAuth(authConfig);

// Optimistic only: signed-out visitors of protected areas go to sign-in with a return path.
// Roles and ownership are checked against the database in every page and action.
export const proxy = auth;

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|favicon.ico).*)"],
};
