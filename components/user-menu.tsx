"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";

const ITEM = "block w-full rounded px-3 py-2 text-left text-slate-800 outline-none data-[highlighted]:bg-slate-100";

export function UserMenu({
  name,
  email,
  roleLabel,
  accountHref,
  signOutAction,
}: {
  name: string;
  email: string;
  roleLabel: string;
  /** The account page (password, name, time zone, data); left out while a one-time password must be replaced. */
  accountHref?: string;
  signOutAction: () => Promise<void>;
}) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="flex items-center gap-2 rounded-full border border-slate-200 bg-white py-1 pl-1 pr-3 text-sm hover:bg-slate-50"
        aria-label={`Account menu for ${name}`}
      >
        {/* The initials are drawn by CSS (no text node), so the button's visible text is only the
            name, which its accessible name "Account menu for <name>" contains (WCAG 2.5.3). */}
        <span
          aria-hidden
          data-initials={initials}
          className="grid h-7 w-7 place-items-center rounded-full bg-brand-600 text-xs font-bold text-white before:content-[attr(data-initials)]"
        />
        <span className="hidden max-w-40 truncate sm:inline">{name}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
        >
          <div className="px-3 py-2">
            <p className="font-semibold text-slate-900">{name}</p>
            <p className="truncate text-slate-500">{email}</p>
            <p className="mt-1 text-xs uppercase tracking-wide text-slate-500">{roleLabel}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          {accountHref && (
            <DropdownMenu.Item asChild>
              <Link href={accountHref} className={ITEM}>
                Account settings
              </Link>
            </DropdownMenu.Item>
          )}
          <form action={signOutAction}>
            <DropdownMenu.Item asChild onSelect={(e) => e.preventDefault()}>
              <button type="submit" className={ITEM}>
                Sign out
              </button>
            </DropdownMenu.Item>
          </form>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
