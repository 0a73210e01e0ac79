"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

export interface NavLink {
  href: string;
  label: string;
}

export interface AppNavProps {
  links: NavLink[];
  /** Shown after the links (the admins' conflicts count). */
  extra?: React.ReactNode;
  /** Who is signed in and the Sign out button. */
  account: React.ReactNode;
}

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The app bar. From the `md` breakpoint up the links sit in one row; on a phone they fold behind a "Menu" button
 * (a disclosure: it says whether it is open and which list it controls) instead of wrapping into rows that push
 * the page down. Following a link, or Escape, folds the menu again.
 */
export function AppNav({ links, extra, account }: AppNavProps) {
  const pathname = usePathname();
  // Open "for" the page it was opened on: navigating elsewhere closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const current = links.find((link) => isActive(pathname, link.href));

  return (
    <div
      className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) setOpenOn(null);
      }}
    >
      <span className="text-lg font-bold text-brand-700">FieldSync</span>
      <button
        type="button"
        className="btn ml-auto md:hidden"
        aria-expanded={open}
        aria-controls="app-menu"
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        <span aria-hidden>{open ? "✕" : "☰"}</span> Menu
        {current ? <span className="sr-only">, on {current.label}</span> : null}
      </button>
      <div
        id="app-menu"
        className={`${open ? "flex" : "hidden"} w-full flex-col gap-2 border-t border-slate-200 pt-2 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:border-0 md:pt-0`}
      >
        <nav aria-label="Main" className="flex flex-col gap-1 md:flex-row md:flex-wrap">
          {links.map((link) => {
            const active = isActive(pathname, link.href);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                onClick={() => setOpenOn(null)}
                className={`rounded-md px-3 py-2 text-sm font-medium md:py-1.5 ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        {extra}
        <div className="flex items-center gap-3 text-sm md:ml-auto">{account}</div>
      </div>
    </div>
  );
}
