import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { users } from "@/db/schema";
import { buildRetakeOverview, retakeDayOf, type AttemptView, type PlanForDate } from "@/lib/attempts/overview";
import { cacheTags, cachedMany } from "@/lib/cache/server/read-cache";
import { examPolicy } from "@/lib/exam/server/exams";
import { arrayParam, queryRows } from "@/lib/analytics/server/sql";
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { ADVICE_THRESHOLDS, weakDomains } from "@/lib/policy/advice";
import { plansForDate, readinessByLearner } from "@/lib/readiness/server/readiness";
import { attemptViewsByLearner } from "./attempts";
import type { ReadinessReport } from "@/lib/practice/readiness";
import type { DashboardRow, LastPractice } from "./coach";
import { cachedExam } from "./exam";
import { coachOwnsLearner, type Coach } from "./guard";
import type { CoachPlanSummary } from "./plans";

/**
 * The coach dashboard, one page at a time. Which learners match, in which order, and how many
 * there are is decided by one SQL statement over this coach's assignments (the ownership join is
 * in that statement), per request; only the 50 learners of the page are then read in full, from
 * the read cache (one entry per coach and learner, see cachedRowData), so a page costs the same at
 * 30 learners as at 300, and a warm page costs that statement and one for the cache's versions.
 *
 * The filters and sorts mirror the page's controls: the eligibility date is computed in SQL with
 * the retake policy's exact semantics (lib/policy/retake.ts: windows of calendar months in UTC,
 * fixed-length waits), the weak domain with the advice thresholds (lib/policy/advice.ts). The
 * integration test checks both against the TypeScript policy.
 */

export const DASHBOARD_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

export type DashboardSort = "name" | "eligible" | "score";
export type DashboardPlanFilter = "none" | "waiting";

export interface DashboardQuery {
  /** Part of a learner's name or email. */
  q: string;
  weak: DomainKey | null;
  /** Eligible within this many days (0–999). */
  within: number | null;
  plan: DashboardPlanFilter | null;
  sort: DashboardSort;
  /** 1-based. */
  page: number;
}

type Param = string | string[] | undefined;
const one = (v: Param) => (Array.isArray(v) ? v[0] : v);

/** The query from the URL's search params; anything unrecognised falls back to its default. */
export function parseDashboardQuery(sp: Record<string, Param>): DashboardQuery {
  const weak = one(sp.weak);
  const within = one(sp.within)?.trim();
  const plan = one(sp.plan);
  const sort = one(sp.sort);
  const page = one(sp.page);
  return {
    q: (one(sp.q) ?? "").trim().slice(0, 100),
    weak: DOMAIN_KEYS.includes(weak as DomainKey) ? (weak as DomainKey) : null,
    within: within && /^\d{1,3}$/.test(within) ? Number(within) : null,
    plan: plan === "none" || plan === "waiting" ? plan : null,
    sort: sort === "eligible" || sort === "score" ? sort : "name",
    page: page && /^\d{1,6}$/.test(page) && Number(page) >= 1 ? Number(page) : 1,
  };
}

/** The search params for a query (defaults left out), e.g. for paging links. */
export function dashboardSearch(query: DashboardQuery, page = query.page): string {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.weak) p.set("weak", query.weak);
  if (query.within !== null) p.set("within", String(query.within));
  if (query.plan) p.set("plan", query.plan);
  if (query.sort !== "name") p.set("sort", query.sort);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

export interface DashboardPageRow extends DashboardRow {
  /** The score-report bars the weak domains come from (the latest attempt that has bars), in study-guide order. */
  bars: { domain: DomainKey; bar: number }[];
  weak: DomainKey[];
  /** When the next attempt is allowed: now when allowed, null when no retake is possible. */
  eligibleAt: Date | null;
  plan: CoachPlanSummary | null;
}

export interface DashboardPage {
  rows: DashboardPageRow[];
  /** Learners matching the filters. */
  total: number;
  /** Learners assigned to this coach, before filtering. */
  assigned: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** 1-based positions of the first and last row shown (0 and 0 with no rows). */
  from: number;
  to: number;
  query: DashboardQuery;
}

interface PageRow {
  total: number;
  assigned: number;
  id: string | null;
}

/**
 * Everything a row shows that changes only on writes, read once per (coach, learner) and kept in
 * the read cache under the learner's tag: the learner's name and zone, cohorts, attempts with their
 * score-report bars, the plan whose end counts toward the date, readiness, the last submitted set
 * and its misses, and the plan this coach sees (a draft only when it is this coach's, hence the
 * coach in the key). Nothing here is derived from the clock: eligibility, the overview and the
 * recommended date are computed from it per request.
 */
interface RowData {
  name: string;
  email: string;
  timeZone: string;
  cohort: string | null;
  attempts: AttemptView[];
  planForDate: PlanForDate | null;
  readiness: ReadinessReport;
  lastPractice: LastPractice | null;
  plan: CoachPlanSummary | null;
}

interface DetailRow {
  id: string;
  name: string;
  email: string;
  time_zone: string;
  cohort: string | null;
  lp_id: string | null;
  lp_started_ms: number | null;
  lp_correct: number | null;
  lp_size: number | null;
  lp_core: number | null;
  lp_edge: number | null;
  plan_id: string | null;
  plan_status: "active" | "draft" | null;
  plan_total: number | null;
  plan_accepted: number | null;
  plan_submitted: number | null;
  plan_has_draft: boolean | null;
}

/** Each learner's row details, one statement for all of them (the learners are the page's, already owned by this coach). */
function detailStatement(coachId: string, learnerIds: readonly string[]): SQL {
  return sql`
    select u.id, u.name, u.email, u.time_zone,
      (select string_agg(co.name, ', ' order by co.name) from cohort_members cm join cohorts co on co.id = cm.cohort_id where cm.learner_id = u.id) as cohort,
      lp.id as lp_id, (extract(epoch from lp.started_at) * 1000)::float8 as lp_started_ms, lp.correct as lp_correct, lp.size as lp_size,
      lpm.core as lp_core, lpm.edge as lp_edge,
      sp.id as plan_id, sp.status as plan_status, pt.total as plan_total, pt.accepted as plan_accepted, pt.submitted as plan_submitted,
      (sp.status = 'active' and exists (select 1 from repair_plans d where d.learner_id = u.id and d.status = 'draft' and d.coach_id = ${coachId})) as plan_has_draft
    from users u
    left join lateral (
      select s.id, s.started_at, s.correct, s.size from practice_sessions s
      where s.learner_id = u.id and s.status = 'submitted' order by s.started_at desc limit 1) lp on true
    left join lateral (
      select (count(*) filter (where q.tier = 'core' and i.correct is not true))::int as core,
             (count(*) filter (where q.tier = 'edge' and i.correct is not true))::int as edge
      from practice_items i join questions q on q.id = i.question_id where i.session_id = lp.id) lpm on lp.id is not null
    left join lateral (
      select p.id, p.status from repair_plans p
      where p.learner_id = u.id and (p.status = 'active' or (p.status = 'draft' and p.coach_id = ${coachId}))
      order by (p.status = 'active') desc, p.created_at desc limit 1) sp on true
    left join lateral (
      select count(*)::int as total, (count(*) filter (where t.status = 'accepted'))::int as accepted,
             (count(*) filter (where t.status = 'submitted'))::int as submitted
      from plan_tasks t where t.plan_id = sp.id) pt on sp.id is not null
    where u.id = any(${arrayParam(learnerIds)}::uuid[])`;
}

/**
 * The row data of learners that missed the cache: four statements whatever their number. A learner
 * erased since the page statement chose them has none (null, not stored as anything but that: the
 * erasure bumped their tag, and the next page statement no longer lists them).
 */
async function loadRowData(db: Db, coachId: string, examId: string, learnerIds: string[]): Promise<(RowData | null)[]> {
  const [attempts, plans, details] = await Promise.all([
    attemptViewsByLearner(db, learnerIds, examId),
    plansForDate(db, learnerIds),
    queryRows<DetailRow>(db, detailStatement(coachId, learnerIds)),
  ]);
  const latestAt = new Map(learnerIds.flatMap((id) => {
    const latest = attempts.get(id)?.at(-1);
    return latest ? [[id, latest.takenAt] as const] : [];
  }));
  const readiness = await readinessByLearner(db, learnerIds, examId, latestAt);
  const byId = new Map(details.map((d) => [d.id, d]));
  return learnerIds.map((id): RowData | null => {
    const r = byId.get(id);
    if (!r) return null;
    const total = r.plan_total ?? 0;
    const accepted = r.plan_accepted ?? 0;
    return {
      name: r.name,
      email: r.email,
      timeZone: r.time_zone,
      cohort: r.cohort,
      attempts: attempts.get(id) ?? [],
      planForDate: plans.get(id) ?? null,
      readiness: readiness.get(id)!,
      lastPractice:
        r.lp_id === null
          ? null
          : { sessionId: r.lp_id, startedAt: new Date(Number(r.lp_started_ms)), correct: r.lp_correct ?? 0, size: r.lp_size ?? 0, coreMisses: r.lp_core ?? 0, edgeMisses: r.lp_edge ?? 0 },
      plan:
        r.plan_id === null || r.plan_status === null
          ? null
          : {
              planId: r.plan_id,
              status: r.plan_status,
              done: accepted,
              total,
              pct: total === 0 ? 0 : Math.floor((accepted * 100) / total),
              waiting: r.plan_submitted ?? 0,
              hasDraft: Boolean(r.plan_has_draft),
            },
    };
  });
}

/**
 * The page's rows from the read cache: one entry per (coach, learner), tagged with the learner's
 * tag (every table read above bumps it: users, cohort_members and a cohort's rename, exam_attempts
 * and their readings and categories, practice_sessions, repair_plans, plan_tasks) and the bank's
 * (the misses are counted by the questions' tiers, read now). practice_items has no trigger; only
 * the items of a submitted set are read, and those change only in the transaction that submits
 * the set, which updates practice_sessions and so bumps the learner.
 */
function cachedRowData(db: Db, coachId: string, examId: string, learnerIds: readonly string[]): Promise<(RowData | null)[]> {
  return cachedMany(
    db,
    learnerIds.map((id) => ({ key: `dashboard-row:${examId}:${coachId}:${id}`, tags: [cacheTags.learner(id), cacheTags.bank], arg: id })),
    (missing) => loadRowData(db, coachId, examId, missing),
  );
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The one statement: ownership, filters, count and order over every assigned learner; detail for the page's rows only. */
function pageStatement(coachId: string, examId: string, policy: ReturnType<typeof examPolicy>, query: DashboardQuery, now: Date, offset: number): SQL {
  const nowIso = now.toISOString();
  const needEligibility = query.sort === "eligible" || query.within !== null;
  const needLatest = query.sort === "score" || query.weak !== null;
  const windowEnd = (col: SQL) => sql`((${col} at time zone 'UTC') + make_interval(months => ${policy.windowMonths}::int)) at time zone 'UTC'`;
  const laterWait = sql`make_interval(hours => ${policy.laterRetakeWaitDays * 24}::int)`;

  // Replays each learner's attempts in time order into windows (recursive: a window's end decides
  // whether the next attempt opens a new one), then applies the rule of the latest attempt.
  const eligibilityCtes = needEligibility
    ? sql`,
      att as (
        select a.learner_id, a.taken_at, a.outcome, a.cert_expires_at,
               row_number() over (partition by a.learner_id order by a.taken_at, a.id) as n,
               count(*) over (partition by a.learner_id) as total
        from exam_attempts a join mine m on m.id = a.learner_id
        where a.exam_id = ${examId}
      ),
      win as (
        select learner_id, n, total, taken_at, outcome, cert_expires_at, ${windowEnd(sql`taken_at`)} as window_end, 1 as cnt
        from att where n = 1
        union all
        select a.learner_id, a.n, a.total, a.taken_at, a.outcome, a.cert_expires_at,
               case when a.taken_at >= w.window_end then ${windowEnd(sql`a.taken_at`)} else w.window_end end,
               case when a.taken_at >= w.window_end then 1 else w.cnt + 1 end
        from win w join att a on a.learner_id = w.learner_id and a.n = w.n + 1
      ),
      elig as (
        select learner_id,
          case
            when outcome = 'pass' then
              case when cert_expires_at is null then null
                   when cnt >= ${policy.maxAttemptsPerWindow}::int and window_end > cert_expires_at then window_end
                   else cert_expires_at end
            when cnt >= ${policy.maxAttemptsPerWindow}::int then greatest(taken_at + ${laterWait}, window_end)
            when cnt = 1 then taken_at + make_interval(hours => ${policy.firstRetakeWaitHours}::int)
            else taken_at + ${laterWait}
          end as earliest_at
        from win where n = total
      )`
    : sql``;
  const eligibleAt = needEligibility
    ? sql`case when e.learner_id is null then ${nowIso}::timestamptz when e.earliest_at is null then null else greatest(e.earliest_at, ${nowIso}::timestamptz) end`
    : sql`null::timestamptz`;

  const where: SQL[] = [sql`true`];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    where.push(sql`(m.name ilike ${pattern} or m.email ilike ${pattern})`);
  }
  if (query.weak) {
    const t = ADVICE_THRESHOLDS;
    // Weak as lib/policy/advice.ts decides it, in integers (bar ≤ average − gap ⇔ bar·n ≤ sum − gap·n).
    // The bars are the latest attempt's when it is not a pass (the advice's), else the latest attempt that has bars.
    where.push(sql`exists (
      select 1 from attempt_domain_readings r
      cross join lateral (
        select count(*)::int as n, coalesce(sum(r2.bar), 0)::int as s from attempt_domain_readings r2
        where r2.attempt_id = r.attempt_id and r2.domain = any(${arrayParam(DOMAIN_KEYS)}::text[])
      ) agg
      where r.domain = ${query.weak}
        and r.attempt_id = case when l.outcome <> 'pass' then l.id else (
          select a.id from exam_attempts a where a.learner_id = m.id and a.exam_id = ${examId}
            and exists (select 1 from attempt_domain_readings x where x.attempt_id = a.id)
          order by a.taken_at desc, a.id desc limit 1) end
        and (r.bar < ${t.weakBarBelow}::int or (agg.n >= ${t.relativeMinBars}::int and r.bar * agg.n <= agg.s - ${t.relativeGap}::int * agg.n)))`);
  }
  if (query.plan === "none") where.push(sql`sp.id is null`);
  if (query.plan === "waiting") where.push(sql`exists (select 1 from plan_tasks t where t.plan_id = sp.id and t.status = 'submitted')`);

  const order =
    query.sort === "eligible"
      ? sql`f.f_eligible_at asc nulls last, f.name, f.id`
      : query.sort === "score"
        ? sql`coalesce(f.f_score, 9999), f.name, f.id`
        : sql`f.name, f.id`;
  const latestJoin = needLatest
    ? sql`left join lateral (select a.id, a.outcome, a.score from exam_attempts a where a.learner_id = m.id and a.exam_id = ${examId} order by a.taken_at desc, a.id desc limit 1) l on true`
    : sql``;
  const shownPlan = sql`left join lateral (
      select p.id, p.status from repair_plans p
      where p.learner_id = m.id and (p.status = 'active' or (p.status = 'draft' and p.coach_id = ${coachId}))
      order by (p.status = 'active') desc, p.created_at desc limit 1) sp on true`;

  return sql`
    with recursive mine as (
      select users.id, users.name, users.email from users where ${coachOwnsLearner(coachId, users.id)} and users.active
    )${eligibilityCtes},
    filtered as (
      select * from (
        select m.id, m.name, m.email, ${eligibleAt} as f_eligible_at, ${needLatest ? sql`l.score` : sql`null::int`} as f_score
        from mine m
        ${needEligibility ? sql`left join elig e on e.learner_id = m.id` : sql``}
        ${latestJoin}
        ${query.plan ? shownPlan : sql``}
        where ${sql.join(where, sql` and `)}
      ) x
      ${query.within !== null ? sql`where x.f_eligible_at <= ${new Date(now.getTime() + query.within * DAY_MS).toISOString()}::timestamptz` : sql``}
    ),
    page as (
      select f.id, row_number() over (order by ${order}) as pos from filtered f
      order by ${order} limit ${DASHBOARD_PAGE_SIZE}::int offset ${offset}::int
    )
    select c.total, c.assigned, pg.id
    from (select (select count(*)::int from filtered) as total, (select count(*)::int from mine) as assigned) c
    left join page pg on true
    order by pg.pos`;
}

/**
 * One page of this coach's learners: filtered, sorted and counted by the database per request
 * (membership, ownership and order); the page's rows from the read cache; eligibility, the
 * overview and the recommended date computed from them now.
 */
export async function coachDashboardPage(coach: Coach, query: DashboardQuery, now = new Date()): Promise<DashboardPage> {
  const db = await getDb();
  const exam = await cachedExam(db);
  const policy = examPolicy(exam);
  let page = query.page;
  let rows = await queryRows<PageRow>(db, pageStatement(coach.id, exam.id, policy, query, now, (page - 1) * DASHBOARD_PAGE_SIZE));
  const total = rows[0]?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE));
  if (page > pageCount) {
    // A page past the end (a stale link after a filter narrowed the list) shows the last page.
    page = pageCount;
    rows = await queryRows<PageRow>(db, pageStatement(coach.id, exam.id, policy, query, now, (page - 1) * DASHBOARD_PAGE_SIZE));
  }
  const ids = rows.flatMap((r) => (r.id === null ? [] : [r.id]));
  const data = await cachedRowData(db, coach.id, exam.id, ids);
  const out = ids.flatMap((id, i): DashboardPageRow[] => {
    const d = data[i];
    if (!d) return [];
    const overview = buildRetakeOverview({ attempts: d.attempts, policy, passingScore: exam.passingScore, now, examMinutes: exam.durationMinutes });
    const bars = overview.history.findLast((a) => a.readings.length)?.readings ?? [];
    const row: DashboardPageRow = {
      id,
      name: d.name,
      email: d.email,
      timeZone: d.timeZone,
      cohort: d.cohort,
      overview,
      lastPractice: d.lastPractice,
      readiness: d.readiness,
      recommended: retakeDayOf(overview, d.planForDate, d.readiness, d.timeZone),
      bars,
      weak: overview.advice?.weakDomains ?? weakDomains(bars),
      eligibleAt: overview.decision.allowed ? now : overview.decision.earliestAt,
      plan: d.plan,
    };
    return [row];
  });
  const from = out.length ? (page - 1) * DASHBOARD_PAGE_SIZE + 1 : 0;
  return { rows: out, total, assigned: rows[0]?.assigned ?? 0, page, pageCount, pageSize: DASHBOARD_PAGE_SIZE, from, to: out.length ? from + out.length - 1 : 0, query: { ...query, page } };
}
