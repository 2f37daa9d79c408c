import { getDb } from "@/db/client";
import { getExamByCode } from "@/lib/attempts/service";
import { getCurrentUser } from "@/lib/dal/session";
import { AZ104 } from "@/lib/exam/az104";
import { exportQuestions } from "@/lib/questions/service";

/** The whole bank, with answers, as the importer reads it: for coaches and admins only. */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (user.role !== "coach" && user.role !== "admin") return new Response("Only coaches and admins can export the bank.", { status: 403 });
  const db = await getDb();
  const exam = await getExamByCode(db, AZ104.code);
  const body = JSON.stringify(await exportQuestions(db, exam.id), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${AZ104.code.toLowerCase()}-questions.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
