// Presentational pieces shared by the coach's plan workspace, the learner's plan and the
// printable plan. No hooks and no client code: usable from server and client components.
// Free text (titles, instructions, evidence, comments) is always rendered as text.

import { Badge, badgeClasses, cn, type BadgeTone } from "@/components/ui";
import { formatter } from "@/lib/format";
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";
import { PLAN_LOOP } from "@/lib/plans/generate";
import { PLAN_PHASES, PLAN_PHASE_LABELS, type PlanPhase, type PlanStatus, type TaskStatus } from "@/lib/enums";
import type { LoopState as Loop, PlanProgress } from "@/lib/plans/progress";
import { TEMPLATES, type TemplateKey } from "@/lib/plans/templates";

const PHASE_TONE: Record<PlanPhase, BadgeTone> = {
  diagnose: "violet",
  rebuild: "info",
  prove: "warning",
  retest: "success",
};

export function phaseLabel(phase: string): string {
  return PLAN_PHASE_LABELS[phase as PlanPhase] ?? phase;
}

export function PhaseBadge({ phase }: { phase: string }) {
  return (
    <Badge tone={PHASE_TONE[phase as PlanPhase] ?? "muted"} className="inline-block print:border print:border-slate-400 print:bg-transparent">
      <span className="sr-only">Phase: </span>
      {phaseLabel(phase)}
    </Badge>
  );
}

/** A task's phase badge and its domain, as a task card opens. */
export function PhaseAndDomain({ phase, domain }: { phase: string; domain: string | null }) {
  return (
    <>
      <PhaseBadge phase={phase} />
      <span className="text-xs font-medium text-slate-600">
        <span className="sr-only">Domain: </span>
        {domainName(domain)}
      </span>
    </>
  );
}

/** A task's instructions and the evidence it asks for. `inherit`: type size and colour from the container (the printable plan). */
export function TaskBrief({ instructions, evidenceRequired, inherit = false }: { instructions: string; evidenceRequired: string; inherit?: boolean }) {
  return (
    <>
      {instructions && <p className={cn("mt-1 whitespace-pre-wrap", !inherit && "text-sm text-slate-700")}>{instructions}</p>}
      {evidenceRequired && (
        <p className={inherit ? "mt-1" : "mt-2 text-sm text-slate-700"}>
          <span className={cn("font-medium", !inherit && "text-slate-900")}>Evidence required: </span>
          <span className="whitespace-pre-wrap">{evidenceRequired}</span>
        </p>
      )}
    </>
  );
}

const STATUS: Record<TaskStatus, [string, BadgeTone]> = {
  todo: ["To do", "muted"],
  submitted: ["Evidence waiting for review", "warning"],
  accepted: ["Accepted", "success"],
  returned: ["Sent back", "danger"],
};

/** `selfChecked`: done on a self-coached plan, where submitting the evidence completes the task (nobody reviews it). */
export function TaskStatusBadge({ status, selfChecked = false }: { status: string; selfChecked?: boolean }) {
  const [label, tone] = selfChecked && status === "accepted" ? ["Done", STATUS.accepted[1]] : (STATUS[status as TaskStatus] ?? [status, "muted" as const]);
  return (
    <Badge tone={tone} className="inline-block" data-testid="task-status">
      <span className="sr-only">Status: </span>
      {label}
    </Badge>
  );
}

export function domainName(domain: string | null | undefined): string {
  return domain && (DOMAIN_KEYS as readonly string[]).includes(domain) ? DOMAIN_SHORT_NAMES[domain as DomainKey] : "Mixed";
}

export function templateInfo(template: string): { title: string; summary: string; days: string } {
  const t = TEMPLATES[template as TemplateKey];
  if (!t) return { title: template, summary: "", days: "" };
  return { ...t, days: template === "broad-miss" ? "10–14 days" : "3 days" };
}

const PLAN_STATUS_LABEL: Record<PlanStatus, string> = {
  draft: "Draft (not visible to the learner)",
  active: "Active",
  completed: "Completed",
  archived: "Archived",
};

export function planStatusLabel(status: string): string {
  return PLAN_STATUS_LABEL[status as PlanStatus] ?? status;
}

/** A plan date (YYYY-MM-DD, a wall-calendar date) as "Tue, 3 Jun 2026"; never shifted by a zone. */
export function formatPlanDate(date: string, opts: { weekday?: boolean } = { weekday: true }): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return formatter("en-GB", "UTC", { ...(opts.weekday ? { weekday: "short" } : {}), day: "numeric", month: "short", year: "numeric" }).format(d);
}

export function ProgressSummary({ progress, idPrefix, selfCoached = false }: { progress: PlanProgress; idPrefix: string; selfCoached?: boolean }) {
  const labelId = `${idPrefix}-progress-label`;
  return (
    <div>
      <p id={labelId} className="text-sm text-slate-500">
        Progress
      </p>
      <p className="text-lg font-semibold tabular-nums" data-testid="plan-progress">
        {progress.done} of {progress.total} tasks {selfCoached ? "done" : "accepted"} ({progress.pct} %)
      </p>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.pct}
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-200 print:border print:border-slate-400"
      >
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${progress.pct}%` }} />
      </div>
      {(progress.submitted > 0 || progress.returned > 0) && (
        <p className="mt-2 text-xs text-slate-600">
          {progress.submitted > 0 && <span>{progress.submitted} waiting for review</span>}
          {progress.submitted > 0 && progress.returned > 0 && " · "}
          {progress.returned > 0 && <span>{progress.returned} sent back</span>}
        </p>
      )}
    </div>
  );
}

/** diagnose → rebuild → prove → retest, with the phase the learner is in now marked. */
export function LoopStateView({ loop, audience }: { loop: Loop; audience: "coach" | "learner" }) {
  const now = loop.phase;
  return (
    <div>
      <p className="text-sm text-slate-500">Repair loop</p>
      <p className="text-lg font-semibold" data-testid="loop-phase">
        {now === "complete"
          ? "Every task is done"
          : `Now: ${phaseLabel(now)}${loop.day ? ` · day ${loop.day}` : ""}${loop.domain ? ` · ${domainName(loop.domain)}` : ""}`}
      </p>
      <ol className="mt-2 flex flex-wrap items-center gap-1 text-xs" aria-label="Repair loop phases">
        {PLAN_PHASES.map((p, i) => (
          <li key={p} className="flex items-center gap-1" aria-current={p === now ? "step" : undefined}>
            <span className={badgeClasses({ tone: p === now ? "brand" : "muted", className: cn(p === now && "print:border print:border-black print:text-black") })}>{phaseLabel(p)}</span>
            {i < PLAN_PHASES.length - 1 && <span aria-hidden>→</span>}
          </li>
        ))}
      </ol>
      {loop.awaitingReview > 0 && (
        <p className="mt-2 text-xs text-slate-600">
          {audience === "coach"
            ? `${loop.awaitingReview} task(s) wait for your review.`
            : `${loop.awaitingReview} task(s) wait for your coach's review.`}
        </p>
      )}
    </div>
  );
}

export function LoopExplainer() {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
      {PLAN_LOOP.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ol>
  );
}

/** An evidence link: validated http/https by the server; opened in a new tab without referrer or follow. */
export function EvidenceLink({ href }: { href: string }) {
  // Defence in depth: the server only stores http(s) links, but never render anything else as a link.
  let safe = false;
  try {
    const u = new URL(href);
    safe = u.protocol === "http:" || u.protocol === "https:";
  } catch {
    safe = false;
  }
  if (!safe) return <span className="break-all">{href}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break-all font-medium text-brand-700 underline underline-offset-2">
      {href}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** The evidence handed in for a task: whose and when, the text, and the link if any. */
export function EvidenceBox({ heading, when, text, link, testId }: { heading: string; when?: string | null; text: string; link?: string | null; testId?: string }) {
  return (
    <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p className="font-medium text-slate-900">
        {heading}
        {when ? <span className="font-normal text-slate-500"> · {when}</span> : null}
      </p>
      <p className="mt-1 whitespace-pre-wrap text-slate-800" data-testid={testId}>
        {text}
      </p>
      {link && (
        <p className="mt-1">
          <span className="text-slate-600">Link: </span>
          <EvidenceLink href={link} />
        </p>
      )}
    </div>
  );
}

export interface DiagnosisEntry {
  /** null: a note about pace or an item type, not about one domain. */
  domain: string | null;
  reason: string;
  /** Where the line came from (lib/plans/generate.ts DIAGNOSIS_SOURCES); absent on older plans. */
  source?: string;
}

/** The stored diagnosis (jsonb) as a typed list; anything malformed is skipped. */
export function readDiagnosis(raw: unknown): DiagnosisEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d) => {
    if (!d || typeof d !== "object") return [];
    const e = d as Partial<DiagnosisEntry>;
    if ((typeof e.domain !== "string" && e.domain !== null) || typeof e.reason !== "string") return [];
    return [{ domain: e.domain, reason: e.reason, ...(typeof e.source === "string" ? { source: e.source } : {}) }];
  });
}

/** Weak domains with the reasons behind them, weakest first as the plan lists them; then notes about pace and item types. */
export function DiagnosisList({ weakDomains, diagnosis }: { weakDomains: readonly string[]; diagnosis: DiagnosisEntry[] }) {
  const domains = [...new Set([...weakDomains, ...diagnosis.flatMap((d) => (d.domain === null ? [] : [d.domain]))])];
  const general = diagnosis.filter((d) => d.domain === null);
  if (domains.length === 0 && general.length === 0) return <p className="text-sm text-slate-600">No diagnosis recorded.</p>;
  return (
    <ul className="space-y-2 text-sm">
      {domains.map((d) => {
        const reasons = diagnosis.filter((x) => x.domain === d).map((x) => x.reason);
        return (
          <li key={d}>
            <span className="font-semibold text-slate-900">{domainName(d)}</span>
            {weakDomains.includes(d) ? <span className="ml-2 text-xs text-slate-500">in this plan</span> : null}
            {reasons.length > 0 && (
              <ul className="mt-0.5 list-disc pl-5 text-slate-700">
                {reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
      {general.length > 0 && (
        <li>
          <span className="font-semibold text-slate-900">Pace and item types</span>
          <ul className="mt-0.5 list-disc pl-5 text-slate-700">
            {general.map((g) => (
              <li key={g.reason}>{g.reason}</li>
            ))}
          </ul>
        </li>
      )}
    </ul>
  );
}

/** Which of the learner's notes put which tasks in the plan: each cause with its tasks, in plan order. */
export function NotesToTasks({ tasks }: { tasks: readonly { id: string; day: number; title: string; cause: string | null }[] }) {
  const byCause = new Map<string, { id: string; day: number; title: string }[]>();
  for (const t of tasks) {
    if (!t.cause) continue;
    byCause.set(t.cause, [...(byCause.get(t.cause) ?? []), t]);
  }
  if (byCause.size === 0) return null;
  return (
    <div className="mt-5 border-t border-slate-100 pt-4" data-testid="notes-to-tasks">
      <h3 className="text-sm font-semibold text-slate-800">Which note caused which task</h3>
      <ul className="mt-2 space-y-2 text-sm">
        {[...byCause].map(([cause, list]) => (
          <li key={cause}>
            <p className="text-slate-900">{cause}</p>
            <ul className="list-disc pl-5 text-slate-700">
              {list.map((t) => (
                <li key={t.id}>
                  Day {t.day}: {t.title}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Why a plan is complete, in words. */
export function completionText(plan: { completedReason: string | null; completedAt: Date | null }): string {
  const reason =
    plan.completedReason === "passed"
      ? "a pass was recorded"
      : plan.completedReason === "ready"
        ? "readiness held: two qualifying sets in a row at mostly edge cases, on questions met for the first time"
        : "it was closed";
  return `Completed: ${reason}. The plan stays readable here and in the history.`;
}

/** A next-cycle offer: why, and what the two days hold. */
export function CycleOfferNote({ offer }: { offer: { reason: string; categories: string[] } }) {
  return (
    <div className="mt-1 text-sm text-slate-700">
      <p>{offer.reason}</p>
      <p className="mt-1">
        Two days: rebuild and prove each category still missed, then a retest weighted to those categories. They are added after the
        plan&apos;s last day (or from today), and the plan&apos;s end moves with them.
      </p>
    </div>
  );
}
