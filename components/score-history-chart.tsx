"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axis, chartPalette } from "@/components/ui/chart-frame";

export interface ScorePoint {
  label: string;
  score: number | null;
  outcome: string;
}

/** The attempts' scaled scores over time with the pass line; a no-show has no point. */
export function ScoreHistoryChart({ points, passingScore }: { points: ScorePoint[]; passingScore: number }) {
  return (
    <ChartFrame>
      <LineChart data={points} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.category} />
        <YAxis {...axis.scaledScore} />
        <Tooltip formatter={(v) => [v, "Scaled score"]} />
        <ReferenceLine
          y={passingScore}
          stroke={chartPalette.pass}
          strokeDasharray="6 3"
          label={{ value: `Pass ${passingScore}`, position: "insideTopRight", fill: chartPalette.passText, fontSize: 12 }}
        />
        <Line type="monotone" dataKey="score" stroke={chartPalette.brand} strokeWidth={2} dot={{ r: 5 }} connectNulls isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}
