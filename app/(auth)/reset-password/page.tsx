import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";
import { getDb } from "@/db/client";
import { resetTokenIsValid, RESET_LINK_INVALID } from "@/lib/auth/password-reset";
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
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {RESET_LINK_INVALID}
        </p>
      )}
      <p className="mt-6 text-sm text-slate-600">
        <Link href="/forgot-password" className={buttonClass.link}>
          Ask for a new link
        </Link>
        {" · "}
        <Link href="/sign-in" className={buttonClass.link}>
          Sign in
        </Link>
      </p>
    </>
  );
}
