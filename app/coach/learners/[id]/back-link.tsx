import Link from "next/link";

/** "← name" above a learner's sub-page, back to the learner's page. */
export function BackToLearner({ learner }: { learner: { id: string; name: string } }) {
  return (
    <p className="mb-2 text-sm">
      <Link href={`/coach/learners/${learner.id}`} className="text-brand-700 hover:underline">
        ← {learner.name}
      </Link>
    </p>
  );
}
