import { count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attemptDomainReadings, attemptMissCategories, examAttempts, learnerExams, users } from "@/db/schema";
import { DOMAIN_KEYS, type DomainKey } from "@/lib/exam/az104";
import { checkAttemptHistory, type AttemptOutcome } from "@/lib/policy/retake";

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface DemoAttempt {
  /** Offset from "now" in ms (negative: in the past). */
  at: number;
  outcome: AttemptOutcome;
  score?: number;
  bars?: [number, number, number, number, number];
  hardest?: DomainKey[];
  categories?: string[];
  notes?: string;
  certExpiresIn?: number;
}

/**
 * Attempt histories for the demo learners, relative to the moment of seeding so every policy
 * state is on show: a fresh 24-hour wait, a 14-day wait, the attempt limit, a pass, a no-show,
 * eligible learners and learners with no attempts yet.
 */
export const DEMO_HISTORIES: Record<string, DemoAttempt[]> = {
  "learner1@example.com": [
    { at: -6 * HOUR, outcome: "fail", score: 612, bars: [48, 55, 62, 41, 70], hardest: ["networking", "identity-governance"], categories: ["effective-routes", "rbac-scope", "private-endpoint-dns"], notes: "Ran out of time on the last scenario set." },
  ],
  "learner2@example.com": [
    { at: -5 * DAY, outcome: "fail", score: 684, bars: [74, 52, 78, 72, 76], hardest: ["storage"], categories: ["sas-tokens", "storage-firewall"], notes: "Close. Storage access questions slowed me down." },
  ],
  "learner3@example.com": [
    { at: -40 * DAY, outcome: "fail", score: 598, bars: [50, 58, 45, 52, 66], hardest: ["compute"], categories: ["bicep-dependency", "app-service-slot"] },
    { at: -5 * DAY, outcome: "fail", score: 661, bars: [66, 70, 55, 63, 72], hardest: ["compute"], categories: ["vm-scale"] },
  ],
  "learner4@example.com": [
    { at: -120 * DAY, outcome: "fail", score: 655, bars: [70, 60, 72, 50, 68], hardest: ["networking"], categories: ["vnet-peering"] },
    { at: -60 * DAY, outcome: "pass", score: 772, bars: [80, 76, 82, 71, 79], certExpiresIn: 305 * DAY },
  ],
  "learner5@example.com": [
    { at: -200 * DAY, outcome: "fail", score: 540, bars: [40, 45, 50, 38, 55] },
    { at: -180 * DAY, outcome: "fail", score: 580, bars: [45, 50, 55, 42, 60] },
    { at: -160 * DAY, outcome: "no-show" },
    { at: -140 * DAY, outcome: "fail", score: 630, bars: [60, 58, 62, 49, 64] },
    { at: -20 * DAY, outcome: "fail", score: 668, bars: [70, 66, 71, 58, 69], hardest: ["networking"], categories: ["nsg-rules", "load-balancer"] },
  ],
  "learner6@example.com": [{ at: -3 * DAY, outcome: "no-show", notes: "Missed the appointment: the check-in ran late." }],
  "learner7@example.com": [
    { at: -30 * DAY, outcome: "fail", score: 521, bars: [35, 42, 48, 39, 52], hardest: ["identity-governance", "networking", "storage"], categories: ["azure-policy", "resource-locks", "dns-zones"] },
  ],
  "learner8@example.com": [
    { at: -2 * DAY, outcome: "fail", score: 690, bars: [76, 74, 79, 73, 49], hardest: ["monitoring"], categories: ["alert-rule", "backup-policy"] },
  ],
  "learner9@example.com": [
    { at: -9 * DAY, outcome: "fail", score: 633, bars: [58, 61, 57, 64, 70], hardest: ["identity-governance"], categories: ["rbac-scope"] },
  ],
  "learner10@example.com": [
    { at: -16 * DAY, outcome: "fail", score: 575, bars: [55, 40, 61, 47, 58], hardest: ["storage", "networking"], categories: ["storage-redundancy", "private-endpoint-dns"] },
  ],
  "learner11@example.com": [],
  "learner12@example.com": [],
  "learner13@example.com": [
    { at: -12 * HOUR, outcome: "fail", score: 702 - 40, bars: [71, 69, 73, 75, 47], hardest: ["monitoring"], categories: ["log-queries"] },
  ],
  "learner14@example.com": [],
};

export async function seedDemoAttempts(db: Db, examId: string, now = new Date()): Promise<number> {
  const emails = Object.keys(DEMO_HISTORIES);
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  let inserted = 0;
  for (const person of people) {
    const [{ n }] = (await db.select({ n: count() }).from(examAttempts).where(eq(examAttempts.learnerId, person.id))) as [{ n: number }];
    if (Number(n) > 0) continue; // idempotent: never add to a history that exists
    const history = DEMO_HISTORIES[person.email]!;
    if (history.length === 0) continue;
    const rows = history.map((h) => ({ ...h, takenAt: new Date(now.getTime() + h.at) }));
    const violations = checkAttemptHistory(
      rows.map((r) => ({ takenAt: r.takenAt, outcome: r.outcome })),
      { certificationExpiresAt: (_p, i) => (rows[i]!.certExpiresIn ? new Date(now.getTime() + rows[i]!.certExpiresIn!) : null) },
    );
    if (violations.length) throw new Error(`Demo history of ${person.email} breaks the retake policy`);
    await db.insert(learnerExams).values({ learnerId: person.id, examId }).onConflictDoNothing();
    for (const r of rows) {
      const [row] = await db
        .insert(examAttempts)
        .values({
          learnerId: person.id,
          examId,
          takenAt: r.takenAt,
          outcome: r.outcome,
          score: r.score ?? null,
          certExpiresAt: r.certExpiresIn ? new Date(now.getTime() + r.certExpiresIn) : null,
          hardestDomains: r.hardest ?? [],
          notes: r.notes ?? "",
        })
        .returning({ id: examAttempts.id });
      if (r.bars) {
        await db.insert(attemptDomainReadings).values(DOMAIN_KEYS.map((domain, i) => ({ attemptId: row!.id, domain, bar: r.bars![i]! })));
      }
      if (r.categories?.length) {
        await db.insert(attemptMissCategories).values(r.categories.map((category) => ({ attemptId: row!.id, category })));
      }
      inserted++;
    }
  }
  return inserted;
}
