import { requireUser } from "@/lib/dal/session";

/**
 * Plan exports (print, calendar) for the plan's learner and the learner's coach. The layout only
 * requires a signed-in user; readablePlan() in each page decides who may read which plan (404
 * for everyone else).
 */
export default async function PlansLayout({ children }: { children: React.ReactNode }) {
  await requireUser("/");
  return (
    <main id="main" className="mx-auto w-full max-w-4xl px-4 py-6 print:max-w-none print:px-0 print:py-0">
      {children}
    </main>
  );
}
