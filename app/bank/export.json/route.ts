import { bankExport } from "@/lib/dal/bank";
import { BANK_EDITORS, hasRole } from "@/lib/dal/guard";
import { getCurrentUser } from "@/lib/dal/session";
import { AZ104 } from "@/lib/exam/az104";

/** The whole bank, with answers, as the importer reads it: for coaches and admins only. */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!hasRole(user, BANK_EDITORS)) return new Response("Only coaches and admins can export the bank.", { status: 403 });
  const { entries } = await bankExport(user);
  const body = JSON.stringify(entries, null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${AZ104.code.toLowerCase()}-questions.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
