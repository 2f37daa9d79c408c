import { csvFileName, reportToCsv } from "@/lib/analytics/csv";
import { cohortAnalytics } from "@/lib/dal/analytics";
import { hasRole } from "@/lib/dal/guard";
import { getCurrentUser } from "@/lib/dal/session";

/** The cohort weak-domain report as CSV (long form: section, item, measure, value): admins only. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!hasRole(user, ["admin"])) return new Response("Only admins can export cohort analytics.", { status: 403 });
  const params = new URL(request.url).searchParams;
  const { view } = await cohortAnalytics(user, {
    cohort: params.get("cohort") ?? undefined,
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
  });
  const { report, cohort } = view;
  return new Response(reportToCsv(report, cohort.name), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFileName(cohort.name, report.range.from, report.range.to)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
