import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses, cn } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { EmptyState } from "@/components/ui/empty-state";
import { cardClass } from "@/components/ui/styles";
import { myNotifications } from "@/lib/dal/notifications";
import { requireUser } from "@/lib/dal/session";
import { formatDateTime } from "@/lib/format";
import { MarkAllReadButton, MarkReadButton } from "./mark-read-button";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser("/notifications");
  const items = await myNotifications(user);
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            Reminders as they reach you in the app (the last 50). Choose which ones you get, by email and here, in{" "}
            <Link href="/account#reminders-h" className={buttonClasses({ variant: "link" })}>
              your account
            </Link>
            .
          </>
        }
        actions={unread > 0 ? <MarkAllReadButton /> : undefined}
      />
      {items.length === 0 ? (
        <EmptyState title="No notifications yet">Reminders appear here when something needs you: a wait that ends, today&apos;s plan, evidence sent back.</EmptyState>
      ) : (
        <ol aria-label={`Notifications, ${unread} unread`} className="space-y-3">
          {items.map((n) => (
            <li key={n.id} className={cn(cardClass, "flex flex-wrap items-start justify-between gap-3", !n.readAt && "border-brand-300 bg-brand-50/40")}>
              <div className="min-w-0 flex-1">
                <p className="text-xs text-slate-500">
                  {!n.readAt && <span className="mr-2 rounded bg-brand-600 px-1.5 py-0.5 font-semibold text-white">Unread</span>}
                  <time dateTime={n.createdAt.toISOString()}>{formatDateTime(n.createdAt, user.timeZone)}</time>
                </p>
                <h2 className="mt-1 text-base font-semibold text-slate-900">
                  {n.href ? (
                    <Link href={n.href} className="hover:underline">
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </h2>
                {n.body && <p className="mt-1 text-sm text-slate-700">{n.body}</p>}
              </div>
              {!n.readAt && <MarkReadButton id={n.id} title={n.title} />}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
