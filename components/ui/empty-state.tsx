import Link from "next/link";
import { buttonClass } from "./styles";

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: React.ReactNode;
  action?: { href: string; label: string };
}) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-prose text-sm text-slate-600">{children}</div>}
      {action && (
        <Link href={action.href} className={`${buttonClass.primary} mt-4`}>
          {action.label}
        </Link>
      )}
    </div>
  );
}
