import { badgeClasses } from "@/components/ui/badge";
import { AZ104, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";

/**
 * One bar per skill area, drawn like the score report: the length read off the learner's
 * chart (0–100). It is a relative strength, so no percentage sign appears anywhere.
 */
export function ScoreReportBars({
  readings,
  weak,
  guideAnchor,
  caption,
}: {
  readings: { domain: DomainKey; bar: number }[];
  weak: DomainKey[];
  guideAnchor?: (d: DomainKey) => string;
  caption: string;
}) {
  const byDomain = new Map(readings.map((r) => [r.domain, r.bar]));
  return (
    <figure>
      <figcaption className="text-sm text-slate-600">{caption}</figcaption>
      <ul className="mt-3 space-y-3">
        {AZ104.domains.map((d) => {
          const bar = byDomain.get(d.key);
          const isWeak = weak.includes(d.key);
          return (
            <li key={d.key}>
              <div className="flex items-baseline justify-between gap-2 text-sm">
                <span className="font-medium text-slate-800">
                  {DOMAIN_SHORT_NAMES[d.key]}{" "}
                  <span className="text-xs font-normal text-slate-500">
                    ({d.weightMin}–{d.weightMax} % of the exam)
                  </span>
                </span>
                <span className="flex items-center gap-2">
                  {isWeak && (
                    <a
                      href={guideAnchor ? guideAnchor(d.key) : undefined}
                      className={badgeClasses({ tone: "danger", className: "hover:underline" })}
                    >
                      Weak<span className="sr-only"> domain: what it may mean</span>
                    </a>
                  )}
                  <span className="tabular-nums text-slate-700">
                    {bar === undefined ? "no reading" : <>bar length {bar}</>}
                  </span>
                </span>
              </div>
              <div className="mt-1 h-3 w-full rounded bg-slate-100" aria-hidden>
                {bar !== undefined && (
                  <div className={`h-3 rounded ${isWeak ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${bar}%` }} />
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
