import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonClasses } from "@/components/ui";
import { PageHeader } from "@/components/app-shell";
import { cardClass } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/dal/session";
import { safeReturnPath } from "@/lib/validation/auth";
import { PasswordForm } from "../password-form";

export const metadata: Metadata = { title: "Change password" };

/**
 * The one page open to a person who signed in with a one-time password (from an admin, or from
 * `npm run admin:create`): every other page, action and the autosave API refuse until the password
 * is replaced here. Anyone else can use it too, as a direct link to the password change.
 */
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requireSessionUser("/account/password");
  const { next } = await searchParams;
  const raw = Array.isArray(next) ? next[0] : next;
  const returnTo = raw ? safeReturnPath(raw) : undefined;
  const forced = user.mustChangePassword;
  return (
    <div className="mx-auto max-w-lg">
      <PageHeader
        title={forced ? "Choose your own password" : "Change password"}
        description={
          forced
            ? "You signed in with a one-time password. Replace it with a password only you know; the rest of Retake Coach opens as soon as you have."
            : "Changing it signs you out on every other browser and device; this one stays signed in."
        }
      />
      {forced && (
        <Alert tone="warning" role="note" className="mb-4 border-amber-200">
          Nothing else opens until the one-time password is replaced.
        </Alert>
      )}
      <section className={cardClass} aria-label={forced ? "Choose your own password" : "Change password"}>
        <PasswordForm forced={forced} next={forced ? returnTo : undefined} />
      </section>
      {!forced && (
        <p className="mt-4 text-sm">
          <Link href="/account" className={buttonClasses({ variant: "link" })}>
            Back to your account
          </Link>
        </p>
      )}
    </div>
  );
}
