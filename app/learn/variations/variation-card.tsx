// One learner-written variation, for the learner's own list and the coach's view of it. Everything
// the learner wrote is rendered as text.

import { Badge } from "@/components/ui";
import { cardClass } from "@/components/ui/styles";
import { DOMAIN_SHORT_NAMES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { formatDateTime } from "@/lib/format";
import type { VariationView } from "@/lib/variations/server/variations";

const CATEGORY_LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));

export function VariationCard({ v, tz, audience, children }: { v: VariationView; tz: string; audience: "learner" | "coach"; children?: React.ReactNode }) {
  const answer = new Set(v.answer);
  return (
    <li className={cardClass} data-testid="variation" id={`v-${v.id}`}>
      <article aria-labelledby={`v-${v.id}-h`}>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <h3 id={`v-${v.id}-h`} className="text-sm font-semibold text-slate-900">
            Variation of {v.basedOn ?? "a missed question"}
          </h3>
          <Badge className="font-normal">{DOMAIN_SHORT_NAMES[v.domain]}</Badge>
          <Badge className="font-normal">{CATEGORY_LABEL.get(v.category) ?? v.category}</Badge>
          <span className="text-slate-500">written {formatDateTime(v.createdAt, tz)}</span>
          <span className="ml-auto text-slate-600" data-testid="variation-served">
            {v.served === 0
              ? audience === "learner"
                ? "Not served yet: it comes in your next retest"
                : "Not served yet"
              : `Served ${v.served} time${v.served === 1 ? "" : "s"}, ${v.correct} correct`}
          </span>
        </div>
        <p className="mt-2 whitespace-pre-line text-sm text-slate-900">{v.stem}</p>
        <ul className="mt-2 space-y-1 text-sm">
          {v.options.map((o) => (
            <li key={o.key} className={answer.has(o.key) ? "font-semibold text-emerald-800" : "text-slate-700"}>
              {o.key}. {o.text}
              {answer.has(o.key) && <span className="ml-1 text-xs">(correct)</span>}
            </li>
          ))}
        </ul>
        <dl className="mt-3 grid gap-3 text-sm md:grid-cols-2">
          <div>
            <dt className="font-medium text-slate-900">What changed</dt>
            <dd className="whitespace-pre-line text-slate-700" data-testid="variation-change">
              {v.whatChanged}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-900">Why the answer changes</dt>
            <dd className="whitespace-pre-line text-slate-700">{v.whyAnswerChanges}</dd>
          </div>
        </dl>
        <section aria-label="Comments" className="mt-3 border-t border-slate-100 pt-3">
          {v.comments.length === 0 ? (
            <p className="text-xs text-slate-500">{audience === "learner" ? "No comments from your coach yet." : "No comments yet."}</p>
          ) : (
            <ul className="space-y-2">
              {v.comments.map((c) => (
                <li key={c.id} className="rounded-md bg-slate-50 px-3 py-2 text-sm" data-testid="variation-comment">
                  <p className="text-xs text-slate-500">
                    {c.author ?? "A coach"} · {formatDateTime(c.createdAt, tz)}
                  </p>
                  <p className="whitespace-pre-line text-slate-800">{c.body}</p>
                </li>
              ))}
            </ul>
          )}
          {children}
        </section>
      </article>
    </li>
  );
}
