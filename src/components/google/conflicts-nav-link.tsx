"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/trpc/react";

const REFRESH_MS = 30_000;

/** Admins' navigation: how many bookings wait for a decision after a deletion in Google, linking to where to act. */
export function ConflictsNavLink() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.googleSync.openConflictCount.queryOptions(), refetchInterval: REFRESH_MS });
  const count = query.data?.count ?? 0;
  if (count === 0) return null;
  const label = `Conflicts: ${count} open`;
  const title = `${count} booking${count === 1 ? "" : "s"} deleted in Google Calendar wait${count === 1 ? "s" : ""} for re-create or accept`;
  return (
    <Link href="/conflicts" aria-label={label} title={title} className="flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-amber-900 hover:bg-amber-50">
      Conflicts
      <span aria-hidden className="rounded-full bg-amber-700 px-1.5 text-xs font-semibold text-white" data-testid="conflict-count">
        {count}
      </span>
    </Link>
  );
}
