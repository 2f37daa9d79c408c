"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ScorePoint {
  label: string;
  score: number | null;
  outcome: string;
}

/** The attempts' scaled scores over time with the pass line; a no-show has no point. */
export function ScoreHistoryChart({ points, passingScore }: { points: ScorePoint[]; passingScore: number }) {
  return (
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 1000]} ticks={[0, 200, 400, 600, 700, 800, 1000]} tick={{ fontSize: 12 }} width={44} />
          <Tooltip formatter={(v) => [v, "Scaled score"]} />
          <ReferenceLine y={passingScore} stroke="#059669" strokeDasharray="6 3" label={{ value: `Pass ${passingScore}`, position: "insideTopRight", fill: "#047857", fontSize: 12 }} />
          <Line type="monotone" dataKey="score" stroke="#1f5fbf" strokeWidth={2} dot={{ r: 5 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
