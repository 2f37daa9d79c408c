import { getDb } from "@/db/client";
import { exportAccountData, exportFileName } from "@/lib/account/server/export";
import { getCurrentUser } from "@/lib/dal/session";

/** "Download my data": the signed-in person's own data as a JSON file, for every role. */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401, headers: { "Cache-Control": "no-store" } });
  const now = new Date();
  const data = await exportAccountData(await getDb(), user.id, now);
  if (!data) return new Response("Sign in first.", { status: 401, headers: { "Cache-Control": "no-store" } });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
