import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { getSessionUser } from "@/lib/dal/session";

export const { POST } = handlers;

/**
 * Auth.js answers `/api/auth/session` from the token alone, so a deactivated user's token or one
 * retired by a sign-out would still read back its claims there. The database decides here, as it
 * does on every page: no current user, no session.
 */
export async function GET(request: NextRequest) {
  // A user who still has to replace a one-time password is signed in (pages send them to the change page).
  if (request.nextUrl.pathname.endsWith("/session") && !(await getSessionUser())) {
    return Response.json(null, { headers: { "Cache-Control": "no-store" } });
  }
  return handlers.GET(request);
}
