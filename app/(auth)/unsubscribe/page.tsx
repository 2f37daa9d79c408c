import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonClasses } from "@/components/ui";
import { authSecret } from "@/lib/auth/secret";
import { verifyUnsubscribe } from "@/lib/mail/unsubscribe-token";
import { isReminderKind, KIND_INFO } from "@/lib/notifications/kinds";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

/**
 * Where the unsubscribe link in a mail leads. Opening it changes nothing (link scanners open
 * links too); the button posts to the one-click endpoint. No sign-in needed: the link is signed.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; done?: string | string[] }> }) {
  const { token: rawToken, done } = await searchParams;
  if (typeof done === "string" && isReminderKind(done)) {
    return (
      <>
        <h1 className="text-2xl font-bold text-slate-900">Unsubscribed</h1>
        <p role="status" className="mt-4 text-sm text-slate-700">
          You will get no more “{KIND_INFO[done].label}” emails. You can turn them back on, and choose the others, in your account under Reminders.
        </p>
        <p className="mt-6 text-sm">
          <Link href="/account#reminders-h" className={buttonClasses({ variant: "link" })}>
            Open your reminder choices
          </Link>
        </p>
      </>
    );
  }
  const token = typeof rawToken === "string" ? rawToken : "";
  const claims = verifyUnsubscribe(authSecret(), token);
  if (!claims) {
    return (
      <>
        <h1 className="text-2xl font-bold text-slate-900">Unsubscribe</h1>
        <Alert tone="danger" className="mt-4">
          This unsubscribe link is not valid. Sign in and choose your reminders in your account instead.
        </Alert>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold text-slate-900">Stop these emails?</h1>
      <p className="mt-2 text-sm text-slate-700">
        You will no longer get “{KIND_INFO[claims.kind].label}” reminders by email. Other reminders, and this one in the app, stay as they are.
      </p>
      <form method="post" action="/api/unsubscribe" className="mt-6">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="from" value="page" />
        <button type="submit" className={buttonClasses({ className: "w-full" })}>
          Unsubscribe from these emails
        </button>
      </form>
    </>
  );
}
