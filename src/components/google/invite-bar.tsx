"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { connectionStatusLabel } from "./connection-status-text";
import { googleInvitationOffer, RECONNECT_LABEL } from "~/components/fieldworkers/profile-offers";
import { InvitationDialog } from "./invitation-dialog";

/** Admin, calendar filtered to exactly one fieldworker: their Google status, and the invitation or reconnect link when one can be sent. */
export function InviteBar({ fieldworkerId }: { fieldworkerId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.googleSync.status.queryOptions({ fieldworkerId }));
  const [open, setOpen] = useState(false);
  if (!data?.googleSetUp || !data.fieldworker.active) return null;
  // Only what can succeed: connected fieldworkers get their status and no send button.
  const offer = googleInvitationOffer({ googleSetUp: data.googleSetUp, active: data.fieldworker.active, status: data.status });
  return (
    <div role="region" aria-label="Google Calendar invitation" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-brand-600/30 bg-brand-50 px-3 py-2 text-sm">
      <span>
        {data.fieldworker.name}: {connectionStatusLabel(data.status)}
      </span>
      {offer.enabled ? (
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
          {offer.label === RECONNECT_LABEL ? RECONNECT_LABEL : "Send invitation to connect Google Calendar to FieldSync"}
        </button>
      ) : null}
      <InvitationDialog open={open} onOpenChange={setOpen} fieldworkerId={fieldworkerId} fieldworkerName={data.fieldworker.name} title={offer.label} />
    </div>
  );
}
