import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { cardClass, buttonClass } from "@/components/ui/styles";
import { requireRole } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Home" };

export default async function LearnerHome() {
  const user = await requireRole(["learner"], "/learn");
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(" ")[0]}`}
        description="Record each exam attempt, see when the retake policy lets you sit again, and repair your weak domains."
      />
      <div className="grid gap-4 md:grid-cols-2">
        <section className={cardClass} aria-labelledby="status-h">
          <h2 id="status-h" className="font-semibold text-slate-900">Retake status</h2>
          <p className="mt-1 text-sm text-slate-600">When you may sit the exam again, and why.</p>
          <Link href="/learn/status" className={`${buttonClass.secondary} mt-4`}>
            Open retake status
          </Link>
        </section>
        <section className={cardClass} aria-labelledby="attempts-h">
          <h2 id="attempts-h" className="font-semibold text-slate-900">Attempts</h2>
          <p className="mt-1 text-sm text-slate-600">Record an attempt with its score-report bars while it is fresh.</p>
          <Link href="/learn/attempts" className={`${buttonClass.secondary} mt-4`}>
            Your attempts
          </Link>
        </section>
      </div>
    </>
  );
}
