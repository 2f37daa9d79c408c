"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Charts for the admin's cohort weak-domain pages. Every chart is aria-hidden: the page shows the
// same numbers in a real table next to it. Score-report bars are lengths (0–100), never
// percentages; shares and accuracies are percentages and say so.

const BLUE = "#1f5fbf";
const AMBER = "#b45309";
const GREEN = "#047857";
const ROSE = "#be123c";
const SLATE = "#64748b";

const pctTick = (v: number) => `${v} %`;
const fmt = (v: unknown, unit: "%" | "bar" | "n") =>
  v === null || v === undefined ? "—" : unit === "%" ? `${v} %` : unit === "bar" ? `${v} (bar length)` : String(v);

export interface DomainPoint {
  label: string;
  averageBar: number | null;
  weakPct: number | null;
  accuracyPct: number | null;
}

/** Average score-report bar length per domain (0–100 chart length, not a percentage). */
export function DomainBarLengthChart({ points }: { points: DomainPoint[] }) {
  return (
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} tick={{ fontSize: 12 }} width={36} />
          <Tooltip formatter={(v) => [fmt(v, "bar"), "Average bar"]} />
          <Bar dataKey="averageBar" name="Average bar length" fill={BLUE} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Per domain: share of learners for whom it is weak, and practice accuracy (both percentages). */
export function DomainShareChart({ points }: { points: DomainPoint[] }) {
  return (
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={pctTick} tick={{ fontSize: 12 }} width={52} />
          <Tooltip formatter={(v, name) => [fmt(v, "%"), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="weakPct" name="Weak for (learners)" fill={ROSE} isAnimationActive={false} />
          <Bar dataKey="accuracyPct" name="Practice accuracy" fill={GREEN} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The most missed categories in practice, most misses first. */
export function MissedCategoriesChart({ points }: { points: { label: string; misses: number; reports: number }[] }) {
  return (
    <div className="w-full" style={{ height: Math.max(160, points.length * 30 + 60) }} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis type="number" tick={{ fontSize: 12 }} allowDecimals={false} />
          <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={170} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="misses" name="Practice misses" fill={AMBER} isAnimationActive={false} />
          <Bar dataKey="reports" name="Recorded after attempts" fill={SLATE} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Simple labelled counts (core vs edge misses, attempts to pass, retake status). */
export function CountsChart({ points, name, color = BLUE }: { points: { label: string; n: number }[]; name: string; color?: string }) {
  return (
    <div className="h-56 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
          <Tooltip />
          <Bar dataKey="n" name={name} fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
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
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="week" tick={{ fontSize: 11 }} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={pctTick} tick={{ fontSize: 12 }} width={52} />
          <Tooltip formatter={(v, name) => [fmt(v, "%"), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="accuracyPct" name="Practice accuracy" stroke={GREEN} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line dataKey="weakPct" name="Weak share of bars" stroke={ROSE} strokeDasharray="6 3" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Weekly attempts and passes, and the average bar length of that week's reports (0–100, not a percentage). */
export function TrendAttemptsChart({ points }: { points: TrendPoint[] }) {
  return (
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="week" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="attempts" name="Attempts" fill={SLATE} isAnimationActive={false} />
          <Bar dataKey="passes" name="Passes" fill={GREEN} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
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
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis
            domain={[0, 100]}
            ticks={unit === "%" ? [0, 25, 50, 75, 100] : [0, 20, 40, 60, 80, 100]}
            tickFormatter={unit === "%" ? pctTick : undefined}
            tick={{ fontSize: 12 }}
            width={52}
          />
          <Tooltip formatter={(v, name) => [fmt(v, unit), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="a" name={aName} fill={BLUE} isAnimationActive={false} />
          <Bar dataKey="b" name={bName} fill={AMBER} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
