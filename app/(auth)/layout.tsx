import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-10">
      <Link href="/" className="mb-6 flex items-center gap-2 text-xl font-bold text-brand-900">
        <span aria-hidden className="grid h-9 w-9 place-items-center rounded-md bg-brand-600 text-sm text-white">
          RC
        </span>
        Retake Coach
      </Link>
      <main id="main" className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        {children}
      </main>
    </div>
  );
}
