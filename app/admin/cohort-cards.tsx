import Link from "next/link";
import { cardClass } from "@/components/ui";

/** Cohorts as cards: the name (a link to the cohort's page when `linked`), learner count, archived. */
export function CohortCards({ cohorts, linked = false }: { cohorts: readonly { id: string; name: string; learners: number; archived: boolean }[]; linked?: boolean }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {cohorts.map((c) => (
        <li key={c.id} className={cardClass}>
          {linked ? (
            <Link href={`/admin/cohorts/${c.id}`} className="font-semibold text-brand-700 hover:underline">
              {c.name}
            </Link>
          ) : (
            <p className="font-semibold text-slate-900">{c.name}</p>
          )}
          <p className="text-sm text-slate-600">
            {c.learners} learner{c.learners === 1 ? "" : "s"}
            {c.archived ? " · archived" : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}
