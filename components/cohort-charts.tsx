"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, axis, chartPalette, legendStyle, type ChartColour } from "@/components/ui/chart-frame";

// Charts for the admin's cohort weak-domain pages. Every chart is aria-hidden (ChartFrame): the
// page shows the same numbers in a real table next to it. Score-report bars are lengths (0–100),
// never percentages; shares and accuracies are percentages and say so.

const { brand: BLUE, amber: AMBER, green: GREEN, rose: ROSE, slate: SLATE } = chartPalette;

const fmt = (v: unknown, unit: "%" | "bar" | "n") =>
  v === null || v === undefined ? "—" : unit === "%" ? `${v} %` : unit === "bar" ? `${v} (bar length)` : String(v);

/** Margins of the bar and trend charts (the vertical chart needs room for its labels). */
const MARGIN = { top: 8, right: 16, bottom: 8, left: 0 };

export interface DomainPoint {
  label: string;
  averageBar: number | null;
  weakPct: number | null;
  accuracyPct: number | null;
}

/** Average score-report bar length per domain (0–100 chart length, not a percentage). */
export function DomainBarLengthChart({ points }: { points: DomainPoint[] }) {
  return (
    <ChartFrame>
      <BarChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.categoryAll} />
        <YAxis {...axis.barLength} />
        <Tooltip formatter={(v) => [fmt(v, "bar"), "Average bar"]} />
        <Bar dataKey="averageBar" name="Average bar length" fill={BLUE} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

/** Per domain: share of learners for whom it is weak, and practice accuracy (both percentages). */
export function DomainShareChart({ points }: { points: DomainPoint[] }) {
  return (
    <ChartFrame>
      <BarChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.categoryAll} />
        <YAxis {...axis.percent} />
        <Tooltip formatter={(v, name) => [fmt(v, "%"), name]} />
        <Legend wrapperStyle={legendStyle} />
        <Bar dataKey="weakPct" name="Weak for (learners)" fill={ROSE} isAnimationActive={false} />
        <Bar dataKey="accuracyPct" name="Practice accuracy" fill={GREEN} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

/** The most missed categories in practice, most misses first. */
export function MissedCategoriesChart({ points }: { points: { label: string; misses: number; reports: number }[] }) {
  return (
    <ChartFrame className="h-auto" style={{ height: Math.max(160, points.length * 30 + 60) }}>
      <BarChart data={points} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid {...axis.grid} />
        <XAxis type="number" tick={{ fontSize: 12 }} allowDecimals={false} />
        <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={170} />
        <Tooltip />
        <Legend wrapperStyle={legendStyle} />
        <Bar dataKey="misses" name="Practice misses" fill={AMBER} isAnimationActive={false} />
        <Bar dataKey="reports" name="Recorded after attempts" fill={SLATE} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

/** Simple labelled counts (core vs edge misses, attempts to pass, retake status). */
export function CountsChart({
  points,
  name,
  color = "brand",
}: {
  points: { label: string; n: number }[];
  name: string;
  /** A palette colour (or, for now, any CSS colour). */
  color?: ChartColour | (string & {});
}) {
  const fill = color in chartPalette ? chartPalette[color as ChartColour] : color;
  return (
    <ChartFrame className="h-56">
      <BarChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.categoryAll} />
        <YAxis {...axis.count} />
        <Tooltip />
        <Bar dataKey="n" name={name} fill={fill} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

export interface TrendPoint {
  week: string;
  accuracyPct: number | null;
  weakPct: number | null;
  averageBar: number | null;
  attempts: number;
  passes: number;
}

/** Weekly practice accuracy and weak share (percentages). */
export function TrendShareChart({ points }: { points: TrendPoint[] }) {
  return (
    <ChartFrame>
      <LineChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="week" tick={{ fontSize: 11 }} />
        <YAxis {...axis.percent} />
        <Tooltip formatter={(v, name) => [fmt(v, "%"), name]} />
        <Legend wrapperStyle={legendStyle} />
        <Line dataKey="accuracyPct" name="Practice accuracy" stroke={GREEN} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        <Line dataKey="weakPct" name="Weak share of bars" stroke={ROSE} strokeDasharray="6 3" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}

/** Weekly attempts and passes, and the average bar length of that week's reports (0–100, not a percentage). */
export function TrendAttemptsChart({ points }: { points: TrendPoint[] }) {
  return (
    <ChartFrame>
      <BarChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="week" tick={{ fontSize: 11 }} />
        <YAxis {...axis.count} />
        <Tooltip />
        <Legend wrapperStyle={legendStyle} />
        <Bar dataKey="attempts" name="Attempts" fill={SLATE} isAnimationActive={false} />
        <Bar dataKey="passes" name="Passes" fill={GREEN} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

export interface ComparePoint {
  label: string;
  a: number | null;
  b: number | null;
}

/** One measure per domain for two cohorts side by side. */
export function CompareChart({ points, aName, bName, unit }: { points: ComparePoint[]; aName: string; bName: string; unit: "%" | "bar" }) {
  return (
    <ChartFrame>
      <BarChart data={points} margin={MARGIN}>
        <CartesianGrid {...axis.grid} />
        <XAxis dataKey="label" {...axis.categoryAll} />
        <YAxis {...(unit === "%" ? axis.percent : axis.barLength)} width={52} />
        <Tooltip formatter={(v, name) => [fmt(v, unit), name]} />
        <Legend wrapperStyle={legendStyle} />
        <Bar dataKey="a" name={aName} fill={BLUE} isAnimationActive={false} />
        <Bar dataKey="b" name={bName} fill={AMBER} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
