import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Section } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { getMyVariationSource } from "@/lib/dal/variations";
import { requireLearner } from "@/lib/dal/guard";
import { DOMAIN_SHORT_NAMES, MISS_CATEGORIES, type DomainKey } from "@/lib/exam/az104";
import { VariationForm } from "./variation-form";

export const metadata: Metadata = { title: "Write a variation" };

const CATEGORY_LABEL = new Map(MISS_CATEGORIES.map((c) => [c.key, c.label]));

/** Ideas for the one constraint to change, per domain (the seed's examples and their kin). */
const IDEAS: Record<DomainKey, string[]> = {
  "identity-governance": ["assign the role at another scope", "add a resource lock or a deny policy", "make the principal a group or a managed identity"],
  storage: ["change the network rules (selected networks, a private endpoint)", "switch the client's auth (SAS, managed identity, account key)", "add soft delete, versioning or a restore constraint"],
  compute: ["change the VM size, disk or availability option", "add a dependency or an existing resource to the template", "move the app to another plan tier or slot"],
  networking: ["add a route table or a user-defined route", "change an NSG rule's priority or direction", "put the endpoint behind private DNS or peering"],
  monitoring: ["add soft delete or a restore constraint to the backup", "change the alert's signal, threshold or suppression", "ask for a different retention or a cross-region restore"],
};

export default async function WriteVariationPage({ params }: { params: Promise<{ id: string; position: string }> }) {
  const { id, position } = await params;
  const user = await requireLearner(`/learn/practice/${encodeURIComponent(id)}/variation/${encodeURIComponent(position)}`);
  // 404 unless this is a question the learner missed in one of their own submitted sets.
  const source = await getMyVariationSource(user, id, position);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/learn/practice/${source.sessionId}/results#q-${source.position}`} className="text-brand-700 hover:underline">
          ← Back to question {source.position} of the results
        </Link>
      </p>
      <PageHeader
        title="Write a variation"
        description="Re-drilling the question you missed builds recognition, not skill. Change one constraint and work out why the answer moves: that transfers."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Section headingId="form-h" title="Your variation" headingClassName="sr-only">
          {source.options.length === 0 && (
            <Alert tone="info" role={false} className="mb-4">
              The original is a {source.kind} item. Write your variation as a choice question: the scenario with one constraint
              changed, and options of your own.
            </Alert>
          )}
          <VariationForm sessionId={source.sessionId} position={source.position} original={{ stem: source.stem, options: source.options, answer: source.answer }} />
        </Section>
        <aside className="space-y-4">
          <Section headingId="original-h" title="The original" headingStyle="label">
            <p className="mt-1 text-xs text-slate-600">
              {DOMAIN_SHORT_NAMES[source.domain]} · {CATEGORY_LABEL.get(source.category) ?? source.category} · {source.tier === "core" ? "core" : "edge case"}
            </p>
            <p className="mt-2 whitespace-pre-line text-sm text-slate-900">{source.stem}</p>
            {source.options.length === 0 && <p className="mt-2 text-xs text-slate-600">Its answer and explanation are in the results review.</p>}
            <ul className="mt-2 space-y-1 text-sm">
              {source.options.map((o) => (
                <li key={o.key} className={source.answer.includes(o.key) ? "font-semibold text-emerald-800" : "text-slate-700"}>
                  {o.key}. {o.text}
                  {source.answer.includes(o.key) && <span className="ml-1 text-xs">(correct)</span>}
                </li>
              ))}
            </ul>
          </Section>
          <Section headingId="ideas-h" title="One constraint to change" headingStyle="label">
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
              {IDEAS[source.domain].map((idea) => (
                <li key={idea}>{idea}</li>
              ))}
            </ul>
            <p className="mt-3 text-xs text-slate-600">
              Your variation stays private: it joins this question&apos;s family, comes back in your later retests marked &ldquo;your
              variation&rdquo;, and never counts toward readiness. Your coach can read it and comment.
            </p>
          </Section>
        </aside>
      </div>
    </>
  );
}
