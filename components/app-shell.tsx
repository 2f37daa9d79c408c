import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import type { CurrentUser } from "@/lib/dal/session";
import { ROLE_LABELS } from "@/lib/enums";
import { NAV_BY_ROLE } from "./nav-items";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";
import { UserMenu } from "./user-menu";

/**
 * The signed-in frame. `restricted`: the person must replace a one-time password before anything
 * else opens, so the frame offers no navigation, only the page itself and signing out.
 */
export function AppShell({ user, restricted = false, children }: { user: CurrentUser; restricted?: boolean; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 text-lg font-bold text-brand-900">
            <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-sm text-white">
              RC
            </span>
            Retake Coach
          </Link>
          {!restricted && (
            <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto sm:flex-1">
              <NavLinks items={NAV_BY_ROLE[user.role]} />
            </nav>
          )}
          <div className="ml-auto flex items-center gap-3">
            {!restricted && <NotificationBell userId={user.id} />}
            <UserMenu
              name={user.name}
              email={user.email}
              roleLabel={ROLE_LABELS[user.role]}
              accountHref={restricted ? undefined : "/account"}
              signOutAction={signOutAction}
            />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-500">
        Retake Coach · scores are scaled 1–1000, 700 passes · score-report bars show relative strength, not percentages
      </footer>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 max-w-prose text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}
