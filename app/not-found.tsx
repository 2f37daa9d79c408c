import Link from "next/link";
import { buttonClass } from "@/components/ui/styles";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">404</p>
      <h1 className="mt-2 text-2xl font-bold text-slate-900">Nothing here</h1>
      <p className="mt-2 text-slate-600">The page does not exist, or it is not yours to see.</p>
      <Link href="/" className={`${buttonClass.primary} mt-6`}>
        Go to my home page
      </Link>
    </main>
  );
}
