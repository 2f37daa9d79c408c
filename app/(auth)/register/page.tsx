import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClasses } from "@/components/ui";
import { getCurrentUser, HOME_BY_ROLE } from "@/lib/dal/session";
import { timeZoneOptions } from "@/lib/time-zones";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  const user = await getCurrentUser();
  if (user) redirect(HOME_BY_ROLE[user.role]);
  return (
    <>
      <h1 className="text-2xl font-bold text-slate-900">Create a learner account</h1>
      <p className="mt-1 text-sm text-slate-600">
        Record your attempts, see when you may sit again, and follow your coach&apos;s repair plan.
      </p>
      <RegisterForm zones={timeZoneOptions()} />
      <p className="mt-6 text-sm text-slate-600">
        Already registered?{" "}
        <Link href="/sign-in" className={buttonClasses({ variant: "link" })}>
          Sign in
        </Link>
      </p>
    </>
  );
}
