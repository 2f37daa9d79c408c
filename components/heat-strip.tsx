import { DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";

function tone(bar: number): string {
  if (bar < 50) return "bg-red-500 text-white";
  if (bar < 60) return "bg-orange-400 text-white";
  if (bar < 70) return "bg-amber-200 text-amber-950";
  return "bg-emerald-200 text-emerald-950";
}

/** The score-report bars as a compact strip, weakest first; each cell says its domain and bar length. */
export function HeatStrip({ readings, weak }: { readings: { domain: DomainKey; bar: number }[]; weak: DomainKey[] }) {
  if (!readings.length) return <span className="text-xs text-slate-500">no bars</span>;
  const sorted = [...readings].sort((a, b) => a.bar - b.bar);
  return (
    <ul className="flex gap-0.5" aria-label="Score-report bars, weakest first">
      {sorted.map((r) => (
        <li
          key={r.domain}
          title={`${DOMAIN_SHORT_NAMES[r.domain]}: bar length ${r.bar}${weak.includes(r.domain) ? " (weak)" : ""}`}
          className={`grid h-7 w-9 place-items-center rounded text-[10px] font-semibold ${tone(r.bar)} ${weak.includes(r.domain) ? "ring-2 ring-red-700" : ""}`}
        >
          <span aria-hidden>{DOMAIN_SHORT_NAMES[r.domain].slice(0, 3)}</span>
          <span className="sr-only">
            {DOMAIN_SHORT_NAMES[r.domain]} bar length {r.bar}
            {weak.includes(r.domain) ? ", weak" : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
