import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/styles";
import { getCurrentUser, HOME_BY_ROLE } from "@/lib/dal/session";
import { safeReturnPath } from "@/lib/validation/auth";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const { callbackUrl } = await searchParams;
  const returnTo = safeReturnPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const user = await getCurrentUser();
  if (user) redirect(returnTo === "/" ? HOME_BY_ROLE[user.role] : returnTo);
  return (
    <>
      <h1 className="text-2xl font-bold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Pick up your retake plan where you left it.</p>
      <SignInForm callbackUrl={returnTo} />
      <p className="mt-6 text-sm text-slate-600">
        New here?{" "}
        <Link href="/register" className={buttonClass.link}>
          Create a learner account
        </Link>
      </p>
    </>
  );
}
