import { buildEventsCalendar, recommendedDateEvent, type CalendarEvent } from "@/lib/calendar/ics";
import { readablePlan } from "@/lib/dal/plans";
import { retakePictureOfPlanLearner } from "@/lib/dal/readiness";
import { getCurrentUser } from "@/lib/dal/session";
import { PLAN_PHASE_LABELS } from "@/lib/enums";
import { AZ104, DOMAIN_KEYS, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { addDays } from "@/lib/plans/dates";

function domainName(d: string | null): string {
  return d && (DOMAIN_KEYS as readonly string[]).includes(d) ? DOMAIN_SHORT_NAMES[d as DomainKey] : "Mixed";
}

/** A plan date (YYYY-MM-DD) as an instant inside that date in UTC, for an all-day event in UTC. */
function middayUtc(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/**
 * The plan as an iCalendar file: one all-day event per plan day listing its tasks, and, for the
 * learner's current plan, the one recommended retake date with its reason (the same event, UID and
 * day as in the learner's retake calendar, so importing both keeps one). Signed out: 401. Not the plan's learner or the learner's coach: 404
 * (readablePlan's notFound()).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in to download the plan calendar.", { status: 401 });
  const { id } = await params;
  const { plan, tasks, learner } = await readablePlan(user, id);
  const pageUrl = new URL(user.role === "coach" ? `/coach/learners/${plan.learnerId}/plan` : "/learn/plan", request.url).toString();

  const events: CalendarEvent[] = [];
  for (let day = 1; day <= plan.lengthDays; day++) {
    const date = addDays(plan.startDate, day - 1);
    const dayTasks = tasks.filter((t) => t.day === day);
    const lines = dayTasks.map((t) => {
      const evidence = t.evidenceRequired ? ` Evidence: ${t.evidenceRequired}` : "";
      return `- [${PLAN_PHASE_LABELS[t.phase]} · ${domainName(t.domain)}] ${t.title}.${evidence}`;
    });
    events.push({
      uid: `plan-${plan.id}-day-${day}@retake-coach`,
      title: `${AZ104.code} repair plan, day ${day} of ${plan.lengthDays}${dayTasks.length ? ` (${dayTasks.length} task${dayTasks.length === 1 ? "" : "s"})` : ""}`,
      start: middayUtc(date),
      allDay: true,
      description: lines.length ? lines.join("\n") : "No tasks planned for this day.",
      url: pageUrl,
    });
  }
  const picture = await retakePictureOfPlanLearner(plan.learnerId, learner.timeZone);
  if (picture.plan?.id === plan.id) {
    const recommended = recommendedDateEvent({ examCode: AZ104.code, recommended: picture.recommended, uidScope: plan.learnerId, url: pageUrl });
    if (recommended) events.push(recommended);
  }

  const body = buildEventsCalendar(events, { timeZone: "UTC", calendarName: `${AZ104.code} repair plan: ${learner.name}` });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${AZ104.code.toLowerCase()}-repair-plan-${plan.startDate}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
