"use client";

import { cloneElement } from "react";
import { ResponsiveContainer, type XAxisProps, type YAxisProps } from "recharts";
import { cn } from "./cn";

/**
 * Chart colours, as CSS variables defined in app/globals.css (SVG presentation attributes and
 * Recharts' inline styles resolve `var()`), so a theme change reaches every chart.
 */
export const chartPalette = {
  brand: "var(--chart-brand)",
  amber: "var(--chart-amber)",
  green: "var(--chart-green)",
  violet: "var(--chart-violet)",
  rose: "var(--chart-rose)",
  slate: "var(--chart-slate)",
  pass: "var(--chart-pass)",
  passText: "var(--chart-pass-text)",
  grid: "var(--chart-grid)",
} as const;

export type ChartColour = keyof typeof chartPalette;

export const percentTick = (v: number) => `${v} %`;

/** Axis and grid presets: spread them onto Recharts' elements (`<YAxis {...axis.percent} />`). */
export const axis = {
  grid: { strokeDasharray: "3 3", stroke: chartPalette.grid },
  /** A category axis of short labels. */
  category: { tick: { fontSize: 12 } } satisfies XAxisProps,
  /** A category axis that must show every label (domains): smaller type. */
  categoryAll: { tick: { fontSize: 11 }, interval: 0 } satisfies XAxisProps,
  /** 0–100 %, in quarters. */
  percent: { domain: [0, 100], ticks: [0, 25, 50, 75, 100], tickFormatter: percentTick, tick: { fontSize: 12 }, width: 52 } satisfies YAxisProps,
  /** Score-report bar length, 0–100: a length, not a percentage, so no sign. */
  barLength: { domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100], tick: { fontSize: 12 }, width: 36 } satisfies YAxisProps,
  /** Whole counts. */
  count: { allowDecimals: false, tick: { fontSize: 12 }, width: 48 } satisfies YAxisProps,
  /** The scaled exam score, 0–1000, with the usual pass mark region marked by ticks. */
  scaledScore: { domain: [0, 1000], ticks: [0, 200, 400, 600, 700, 800, 1000], tick: { fontSize: 12 }, width: 44 } satisfies YAxisProps,
};

/** Legend type size used by every chart. */
export const legendStyle = { fontSize: 12 } as const;

export interface ChartFrameProps {
  /** Optional visible title and description; with either, the chart sits in a <figure>. */
  title?: React.ReactNode;
  description?: React.ReactNode;
  /** Classes of the chart's box; its height (default h-64). */
  className?: string;
  style?: React.CSSProperties;
  figureClassName?: string;
  /** One Recharts chart element (LineChart, BarChart…). */
  children: React.ReactElement;
}

/**
 * The frame of a Recharts chart: a sized, responsive box that is hidden from screen readers,
 * because every chart's page shows the same numbers in a real table.
 */
export function ChartFrame({ title, description, className, style, figureClassName, children }: ChartFrameProps) {
  const box = (
    <div className={cn("h-64 w-full", className)} style={style} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        {/* Recharts' keyboard layer makes the chart focusable; inside an aria-hidden box that
            would be a focus stop screen readers cannot read (axe: aria-hidden-focus). */}
        {cloneElement(children as React.ReactElement<{ accessibilityLayer?: boolean }>, { accessibilityLayer: false })}
      </ResponsiveContainer>
    </div>
  );
  if (!title && !description) return box;
  return (
    <figure className={figureClassName}>
      {(title || description) && (
        <figcaption className="mb-2">
          {title && <span className="block text-sm font-semibold text-slate-900">{title}</span>}
          {description && <span className="block text-sm text-slate-600">{description}</span>}
        </figcaption>
      )}
      {box}
    </figure>
  );
}
