import { useId } from "react";
import { cn } from "./cn";
import { cardClass } from "./styles";

export interface SectionProps extends Omit<React.HTMLAttributes<HTMLElement>, "title"> {
  /** The heading, which also names the section for screen readers. */
  title: React.ReactNode;
  /** Id of the heading (pages link to it); otherwise one from `useId`. */
  headingId?: string;
  description?: React.ReactNode;
  /** Buttons or links at the heading's right. */
  actions?: React.ReactNode;
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
  className,
  headingClassName,
  descriptionClassName,
  children,
  ...rest
}: SectionProps) {
  const generated = useId();
  const id = headingId ?? generated;
  const heading = (
    <Heading id={id} className={cn("text-lg font-semibold text-slate-900", headingClassName)}>
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
      {description && <div className={cn("mt-1 max-w-prose text-sm text-slate-600", descriptionClassName)}>{description}</div>}
      {children}
    </section>
  );
}
