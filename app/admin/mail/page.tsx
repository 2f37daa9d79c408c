import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell";
import { Badge, EmptyState, buttonClasses, cardClass, cn, type BadgeTone } from "@/components/ui";
import { MAIL_STATUSES, mailOutboxView, type MailStatus } from "@/lib/dal/admin-mail";
import { requireAdmin } from "@/lib/dal/guard";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Mail" };

const STATUS_TEXT: Record<string, string> = {
  kept: "Kept (no SMTP)",
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
};
const STATUS_TONE: Record<string, BadgeTone> = {
  kept: "warning",
  queued: "muted",
  sending: "muted",
  sent: "success",
  failed: "danger",
};
const filterLink = (current: boolean) => buttonClasses({ variant: current ? "primary" : "secondary" });

export default async function MailPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const admin = await requireAdmin("/admin/mail");
  const { status: raw } = await searchParams;
  const status = typeof raw === "string" && (MAIL_STATUSES as readonly string[]).includes(raw) ? (raw as MailStatus) : null;
  const { rows, counts } = await mailOutboxView(admin, status);
  return (
    <>
      <PageHeader
        title="Mail"
        description="Every mail the app composed, newest first (the latest 100). Without SMTP_URL no mail leaves the server: each one is kept here, and this page is how it reaches anyone. A mail the SMTP server kept refusing after its retries is marked Failed, with the last error."
      />
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href="/admin/mail" aria-current={status === null ? "page" : undefined} className={filterLink(status === null)}>
          All
        </Link>
        {MAIL_STATUSES.map((s) => (
          <Link key={s} href={`/admin/mail?status=${s}`} aria-current={status === s ? "page" : undefined} className={filterLink(status === s)}>
            {STATUS_TEXT[s]} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title="No mail">{status ? "No mail has this status." : "The app has not composed any mail yet."}</EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Mails, newest first">
          {rows.map((m) => (
            <li key={m.id} className={cn(cardClass, "p-4")}>
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <Badge tone={STATUS_TONE[m.status] ?? "muted"}>{STATUS_TEXT[m.status] ?? m.status}</Badge>
                <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, admin.timeZone)}</time>
                <span>· {m.kind}</span>
                {m.attempts > 0 && <span>· {m.attempts} attempt{m.attempts === 1 ? "" : "s"}</span>}
                {m.sentAt && <span>· sent {formatDateTime(m.sentAt, admin.timeZone)}</span>}
              </div>
              <h2 className="mt-1 text-sm font-semibold text-slate-900">{m.subject}</h2>
              <p className="text-xs text-slate-600">To {m.to}</p>
              {m.lastError && (
                <p className="mt-1 text-xs text-red-800">
                  Last error: <span className="font-mono">{m.lastError}</span>
                </p>
              )}
              <details className="mt-2">
                <summary className="cursor-pointer text-xs font-semibold text-brand-700">Show the text</summary>
                <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-xs text-slate-800">{m.text}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
