"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axis, chartPalette, legendStyle, type ChartColour } from "@/components/ui/chart-frame";
import { DOMAIN_KEYS, DOMAIN_SHORT_NAMES, type DomainKey } from "@/lib/exam/az104";

export interface PracticeTrendPoint {
  /** Short axis label, e.g. "Set 3". */
  label: string;
  /** When the set was started, shown in the tooltip. */
  when: string;
  /** Practice accuracy per domain in percent, null when the set had none of that domain. */
  values: Record<DomainKey, number | null>;
}

// Colour and dash both differ, so the lines stay apart without colour vision.
const STYLE: Record<DomainKey, { stroke: ChartColour; dash?: string }> = {
  "identity-governance": { stroke: "brand" },
  storage: { stroke: "amber", dash: "6 3" },
  compute: { stroke: "green", dash: "2 3" },
  networking: { stroke: "violet", dash: "10 4 2 4" },
  monitoring: { stroke: "rose", dash: "12 4" },
};

/** Per-domain practice accuracy across submitted sets, oldest first. The page's table holds the same data. */
export function PracticeTrendChart({ points }: { points: PracticeTrendPoint[] }) {
  const data = points.map((p) => ({ label: p.label, when: p.when, ...p.values }));
  return (
    <ChartFrame className="h-72">
      <LineChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.category} />
        <YAxis {...axis.percent} width={56} />
        <Tooltip
          formatter={(v, name) => [v === null || v === undefined ? "—" : `${v} %`, DOMAIN_SHORT_NAMES[name as DomainKey] ?? name]}
          labelFormatter={(label, payload) => {
            const when = payload?.[0]?.payload?.when;
            return when ? `${label} · ${when}` : String(label);
          }}
        />
        <Legend formatter={(value) => DOMAIN_SHORT_NAMES[value as DomainKey] ?? value} wrapperStyle={legendStyle} />
        {DOMAIN_KEYS.map((d) => (
          <Line
            key={d}
            type="monotone"
            dataKey={d}
            name={d}
            stroke={chartPalette[STYLE[d].stroke]}
            strokeDasharray={STYLE[d].dash}
            strokeWidth={2}
            dot={{ r: 4 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
