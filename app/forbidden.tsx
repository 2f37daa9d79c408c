import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-red-700">403 · Not allowed</p>
      <h1 className="mt-2 text-2xl font-bold text-slate-900">This page is not for your role</h1>
      <p className="mt-2 text-slate-600">
        You are signed in, but your account does not have access here. If you think it should, ask an admin of your
        programme.
      </p>
      <Link href="/" className={`${buttonClass.primary} mt-6`}>
        Go to my home page
      </Link>
    </main>
  );
}
