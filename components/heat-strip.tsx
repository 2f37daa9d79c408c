import { DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";

// Hex rather than theme classes: the strip is one element painted by a gradient, one band per bar.
function tone(bar: number): string {
  if (bar < 50) return "#ef4444"; // red-500
  if (bar < 60) return "#fb923c"; // orange-400
  if (bar < 70) return "#fde68a"; // amber-200
  return "#a7f3d0"; // emerald-200
}
const WEAK_MARK = "#7f1d1d"; // red-900: a bar under a weak domain's band
const GAP = "#ffffff";

/** The strip's text: every bar, weakest first, with its domain and whether it is weak. */
export function heatStripLabel(readings: { domain: DomainKey; bar: number }[], weak: DomainKey[]): string {
  const sorted = [...readings].sort((a, b) => a.bar - b.bar);
  return `Score-report bars, weakest first: ${sorted.map((r) => `${DOMAIN_SHORT_NAMES[r.domain]} ${r.bar}${weak.includes(r.domain) ? " (weak)" : ""}`).join(", ")}`;
}

/**
 * The score-report bars as one element per row: a band per domain, weakest first, coloured by bar
 * length, weak domains underlined; the bars in words are its accessible name (and its tooltip).
 */
export function HeatStrip({ readings, weak }: { readings: { domain: DomainKey; bar: number }[]; weak: DomainKey[] }) {
  if (!readings.length) return <span className="text-xs text-slate-500">no bars</span>;
  const sorted = [...readings].sort((a, b) => a.bar - b.bar);
  const w = 100 / sorted.length;
  const band = (i: number, color: string) => `${color} ${(i * w).toFixed(2)}% ${((i + 1) * w - 1.5).toFixed(2)}%, ${GAP} ${((i + 1) * w - 1.5).toFixed(2)}% ${((i + 1) * w).toFixed(2)}%`;
  const colours = sorted.map((r, i) => band(i, tone(r.bar))).join(", ");
  const marks = sorted.map((r, i) => band(i, weak.includes(r.domain) ? WEAK_MARK : "transparent")).join(", ");
  const label = heatStripLabel(readings, weak);
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className="block h-6 w-40 rounded-sm"
      style={{
        backgroundImage: `linear-gradient(to right, ${marks}), linear-gradient(to right, ${colours})`,
        backgroundSize: "100% 4px, 100% 100%",
        backgroundPosition: "bottom, center",
        backgroundRepeat: "no-repeat",
      }}
    />
  );
}
