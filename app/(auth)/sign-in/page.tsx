import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert, buttonClasses } from "@/components/ui";
import { getCurrentUser, HOME_BY_ROLE } from "@/lib/dal/session";
import { safeReturnPath } from "@/lib/validation/auth";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Why someone lands here signed out, after an account action (see app/account/actions.ts). */
const NOTICES: Record<string, string> = {
  deleted: "Your account and its data were deleted. Thank you for using Retake Coach.",
  password: "Your password was changed. Sign in with the new one.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; deleted?: string | string[]; changed?: string | string[] }>;
}) {
  const { callbackUrl, deleted, changed } = await searchParams;
  const notice = deleted !== undefined ? NOTICES.deleted : changed === "password" ? NOTICES.password : null;
  const returnTo = safeReturnPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const user = await getCurrentUser();
  if (user) redirect(returnTo === "/" ? HOME_BY_ROLE[user.role] : returnTo);
  return (
    <>
      <h1 className="text-2xl font-bold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Pick up your retake plan where you left it.</p>
      {notice && (
        <Alert tone="success" className="mt-4">
          {notice}
        </Alert>
      )}
      <SignInForm callbackUrl={returnTo} />
      <p className="mt-3 text-sm">
        <Link href="/forgot-password" className={buttonClasses({ variant: "link" })}>
          Forgot password?
        </Link>
      </p>
      <p className="mt-6 text-sm text-slate-600">
        New here?{" "}
        <Link href="/register" className={buttonClasses({ variant: "link" })}>
          Create a learner account
        </Link>
      </p>
    </>
  );
}
