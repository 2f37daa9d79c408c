"use client";

import { buttonClass } from "@/components/ui/styles";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center px-4 text-center">
      <h1 className="text-2xl font-bold text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-slate-600">The page could not be shown. Nothing you saved is lost; try again.</p>
      <button type="button" onClick={reset} className={`${buttonClass.primary} mt-6`}>
        Try again
      </button>
    </main>
  );
}
