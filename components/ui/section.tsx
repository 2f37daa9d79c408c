import { useId } from "react";
import { cn } from "./cn";
import { cardClass } from "./styles";

const HEADING = {
  title: "text-lg font-semibold text-slate-900",
  label: "text-sm font-semibold uppercase tracking-wide text-slate-500",
} as const;

export interface SectionProps extends Omit<React.HTMLAttributes<HTMLElement>, "title"> {
  /** The heading, which also names the section for screen readers. */
  title: React.ReactNode;
  /** Id of the heading (pages link to it); otherwise one from `useId`. */
  headingId?: string;
  description?: React.ReactNode;
  /** Buttons or links at the heading's right. */
  actions?: React.ReactNode;
  /** "label": a small uppercase heading over a headline-like figure (status cards). */
  headingStyle?: "title" | "label";
  /** Heading level, h2 unless the page nests sections. */
  as?: "h2" | "h3";
  headingClassName?: string;
  descriptionClassName?: string;
}

/** A white card with a heading, an optional description and actions, then its content. */
export function Section({
  title,
  headingId,
  description,
  actions,
  as: Heading = "h2",
  headingStyle = "title",
  className,
  headingClassName,
  descriptionClassName,
  children,
  ...rest
}: SectionProps) {
  const generated = useId();
  const id = headingId ?? generated;
  const heading = (
    <Heading id={id} className={cn(HEADING[headingStyle], headingClassName)}>
      {title}
    </Heading>
  );
  return (
    <section aria-labelledby={id} className={cn(cardClass, className)} {...rest}>
      {actions ? (
        <div className="flex flex-wrap items-start justify-between gap-3">
          {heading}
          <div className="flex flex-wrap items-center gap-2">{actions}</div>
        </div>
      ) : (
        heading
      )}
      {description && <div className={cn("mt-1 text-sm text-slate-600", descriptionClassName)}>{description}</div>}
      {children}
    </section>
  );
}
