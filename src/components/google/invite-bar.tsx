"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { connectionStatusLabel } from "./connection-status-text";
import { InvitationDialog } from "./invitation-dialog";

/** Admin, calendar filtered to exactly one fieldworker who isn't connected: offer the invitation right there. */
export function InviteBar({ fieldworkerId }: { fieldworkerId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.googleSync.status.queryOptions({ fieldworkerId }));
  const [open, setOpen] = useState(false);
  if (!data?.googleSetUp || !data.fieldworker.active || data.status.kind === "connected") return null;
  return (
    <div role="region" aria-label="Google Calendar invitation" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-brand-600/30 bg-brand-50 px-3 py-2 text-sm">
      <span>
        {data.fieldworker.name}: {connectionStatusLabel(data.status)}
      </span>
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
        Send invitation to connect Google Calendar to FieldSync
      </button>
      <InvitationDialog open={open} onOpenChange={setOpen} fieldworkerId={fieldworkerId} fieldworkerName={data.fieldworker.name} />
    </div>
  );
}
