import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonClasses } from "@/components/ui";
import { getDb } from "@/db/client";
import { resetTokenIsValid, RESET_LINK_INVALID } from "@/lib/auth/server/password-reset";
import { resetTokenSchema } from "@/lib/validation/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

// The token is in this page's URL: no Referer may carry it anywhere.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token: raw } = await searchParams;
  const parsed = resetTokenSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const valid = parsed.success && (await resetTokenIsValid(await getDb(), parsed.data));
  return (
    <>
      <h1 className="text-2xl font-bold text-slate-900">Choose a new password</h1>
      {valid ? (
        <>
          <p className="mt-1 text-sm text-slate-600">Saving it signs you out on every device; then sign in with the new password.</p>
          <ResetPasswordForm token={parsed.data!} />
        </>
      ) : (
        <Alert tone="danger" className="mt-4">
          {RESET_LINK_INVALID}
        </Alert>
      )}
      <p className="mt-6 text-sm text-slate-600">
        <Link href="/forgot-password" className={buttonClasses({ variant: "link" })}>
          Ask for a new link
        </Link>
        {" · "}
        <Link href="/sign-in" className={buttonClasses({ variant: "link" })}>
          Sign in
        </Link>
      </p>
    </>
  );
}
