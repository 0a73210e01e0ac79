"use client";

import { useQuery } from "@tanstack/react-query";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";
import { ConflictList } from "./conflict-list";

/** The admins' conflicts page: every booking whose Google event was deleted in Google, per fieldworker. */
export function CompanyConflicts({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const conflicts = useQuery(trpc.googleSync.companyConflicts.queryOptions());
  if (conflicts.isPending) return <p className="text-sm text-slate-600">Loading conflicts…</p>;
  if (conflicts.isError) {
    return (
      <p role="alert" className="field-error">
        {trpcErrorMessage(conflicts.error)}
      </p>
    );
  }
  if (conflicts.data.length === 0) return <p className="text-sm text-slate-600">No conflicts: every booking that should be in Google Calendar is there.</p>;
  return <ConflictList conflicts={conflicts.data} withBooking timeZone={timeZone} />;
}
