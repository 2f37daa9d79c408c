import type { Metadata } from "next";
import { Alert } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { getMyVariations } from "@/lib/dal/variations";
import { requireLearner } from "@/lib/dal/guard";
import { VariationCard } from "./variation-card";

export const metadata: Metadata = { title: "Your variations" };

export default async function MyVariationsPage({ searchParams }: { searchParams: Promise<{ written?: string }> }) {
  const user = await requireLearner("/learn/variations");
  const variations = await getMyVariations(user);
  const { written } = await searchParams;
  return (
    <>
      <PageHeader
        title="Your variations"
        description="Questions you rewrote from your misses, one constraint changed. Private to you and your coach; served in your retests; never counted for readiness."
      />
      {written && variations.some((v) => v.id === written) && (
        <Alert tone="success" className="mb-4">
          Your variation is saved. It comes back in your next retest, marked &ldquo;your variation&rdquo;.
        </Alert>
      )}
      {variations.length === 0 ? (
        <EmptyState title="No variations yet" action={{ href: "/learn/practice", label: "Practice" }}>
          In the results of a practice set, every question you missed has a &ldquo;Write a variation&rdquo; button.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {variations.map((v) => (
            <VariationCard key={v.id} v={v} tz={user.timeZone} audience="learner" />
          ))}
        </ul>
      )}
    </>
  );
}
