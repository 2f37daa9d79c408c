"use client";

import { useEffect, useId, useRef, useState } from "react";

/**
 * The account menu in every signed-in page's header: a menu button (WAI-ARIA menu pattern) with
 * the user's details and "Sign out". Written by hand rather than with a menu library because it
 * ships on every page, the practice runner's included; it needs only open, close and focus.
 */
export function UserMenu({
  name,
  email,
  roleLabel,
  signOutAction,
}: {
  name: string;
  email: string;
  roleLabel: string;
  signOutAction: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const item = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

  useEffect(() => {
    if (!open) return;
    item.current?.focus();
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) trigger.current?.focus();
  }

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          close(true);
        }
      }}
      onBlur={(e) => {
        // Tabbing out of the menu closes it.
        if (open && !root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={trigger}
        type="button"
        className="flex items-center gap-2 rounded-full border border-slate-200 bg-white py-1 pl-1 pr-3 text-sm hover:bg-slate-50"
        aria-label={`Account menu for ${name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-brand-600 text-xs font-bold text-white">
          {initials}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{name}</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={`Account of ${name}`}
          className="absolute right-0 z-50 mt-1.5 min-w-56 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
        >
          <div className="px-3 py-2">
            <p className="font-semibold text-slate-900">{name}</p>
            <p className="truncate text-slate-500">{email}</p>
            <p className="mt-1 text-xs uppercase tracking-wide text-slate-500">{roleLabel}</p>
          </div>
          <div role="separator" className="my-1 h-px bg-slate-200" />
          <form action={signOutAction}>
            <button
              ref={item}
              type="submit"
              role="menuitem"
              className="w-full rounded px-3 py-2 text-left text-slate-800 outline-none hover:bg-slate-100 focus:bg-slate-100"
            >
              Sign out
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
