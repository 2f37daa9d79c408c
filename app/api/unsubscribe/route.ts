import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { authSecret } from "@/lib/auth/secret";
import { unsubscribeWithToken } from "@/lib/notifications/server/unsubscribe";

/**
 * One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the URL of
 * the mail's List-Unsubscribe header. The signed token in the URL is the whole authorization (no
 * session: the click comes from a mail client); it only ever turns one kind of email off. The
 * confirmation page posts here too, and is sent back to say it is done.
 */
export async function POST(req: NextRequest) {
  let token = req.nextUrl.searchParams.get("token");
  let fromPage = false;
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    try {
      const form = await req.formData();
      const t = form.get("token");
      if (typeof t === "string" && t) token = t;
      fromPage = form.get("from") === "page";
    } catch {
      // an unreadable body: the token from the URL still counts
    }
  }
  const done = await unsubscribeWithToken(await getDb(), authSecret(), token);
  if (!done) return new NextResponse("This unsubscribe link is not valid.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (fromPage) return NextResponse.redirect(new URL(`/unsubscribe?done=${done.kind}`, req.nextUrl), 303);
  return new NextResponse("Unsubscribed.", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A client that opens the header's URL instead of posting to it lands on the confirmation page (a GET changes nothing). */
export async function GET(req: NextRequest) {
  const token = req.nextUrl.searchParams.get("token") ?? "";
  return NextResponse.redirect(new URL(`/unsubscribe?token=${encodeURIComponent(token.slice(0, 200))}`, req.nextUrl), 303);
}
