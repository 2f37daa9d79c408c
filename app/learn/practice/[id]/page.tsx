import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { getMyRunnerSession } from "@/lib/dal/practice";
import { requireLearner } from "@/lib/dal/guard";
import { PRACTICE_MODE_LABELS } from "@/lib/enums";
import { PracticeRunner } from "./practice-runner";

export const metadata: Metadata = { title: "Practice set" };

export default async function PracticeSetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireLearner(`/learn/practice/${encodeURIComponent(id)}`);
  // Only the runner's view leaves the server: no answers, explanations or reasons before submission.
  const session = await getMyRunnerSession(user, id);
  if (!session) notFound();
  if (session.status === "submitted") redirect(`/learn/practice/${session.id}/results`);

  return (
    <>
      <PageHeader
        title={`${PRACTICE_MODE_LABELS[session.mode]} practice`}
        description={`${session.size} questions in ${session.durationMinutes} minutes. Answers are saved as you go, and kept in this browser while the connection is down.`}
        actions={
          <Link href="/learn/practice" className={buttonClasses({ variant: "secondary" })}>
            All sets
          </Link>
        }
      />
      <PracticeRunner key={session.id} session={session} />
    </>
  );
}
