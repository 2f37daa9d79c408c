import { buildRetakeCalendar } from "@/lib/calendar/ics";
import { getMyRetakePicture } from "@/lib/dal/readiness";
import { hasRole } from "@/lib/dal/guard";
import { getCurrentUser } from "@/lib/dal/session";

/**
 * The learner's retake calendar: the earliest allowed instant and the one recommended date with its
 * reason (the same event, UID and day as in the plan's calendar).
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in to download your calendar.", { status: 401 });
  if (!hasRole(user, ["learner"])) return new Response("Only learners have a retake calendar.", { status: 403 });
  const { exam, overview, recommended } = await getMyRetakePicture(user);
  const body = buildRetakeCalendar({
    earliestAt: overview.decision.allowed && overview.decision.earliestAt && overview.decision.earliestAt < new Date() ? null : overview.decision.earliestAt,
    recommended,
    examCode: exam.code,
    url: new URL("/learn/status", request.url).toString(),
    timeZone: user.timeZone,
    uidScope: user.id,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exam.code.toLowerCase()}-retake.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
