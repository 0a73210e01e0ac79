"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { InvitationDialog } from "~/components/google/invitation-dialog";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { FieldworkerFormDialog } from "./fieldworker-form-dialog";
import { googleInvitationOffer, INVITE_LABEL, loginOffers, type MenuOffer } from "./profile-offers";

type Fieldworker = RouterOutputs["fieldworkers"]["get"];

const itemClass =
  "flex cursor-pointer select-none flex-col rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100 data-[disabled]:cursor-not-allowed data-[disabled]:text-slate-400";

/** One menu item for an offer: enabled, or disabled with the reason under its label. */
function OfferItem({ offer, id, onSelect }: { offer: MenuOffer; id: string; onSelect: () => void }) {
  return (
    <DropdownMenu.Item
      className={itemClass}
      disabled={!offer.enabled}
      aria-describedby={offer.enabled ? undefined : `${id}-reason`}
      onSelect={onSelect}
    >
      <span>{offer.label}</span>
      {!offer.enabled && (
        <span id={`${id}-reason`} className="text-xs text-slate-500">
          {offer.reason}
        </span>
      )}
    </DropdownMenu.Item>
  );
}

/** The profile's Actions menu (admins only). */
export function FieldworkerActions({ fieldworker }: { fieldworker: Fieldworker }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirmingDeactivate, setConfirmingDeactivate] = useState(false);
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const [inviting, setInviting] = useState(false);
  const google = useQuery(trpc.googleSync.status.queryOptions({ fieldworkerId: fieldworker.id }));
  const setActive = useMutation(
    trpc.fieldworkers.setActive.mutationOptions({
      onSuccess: (saved) => {
        toast.success(saved.active ? `${saved.displayName} is active` : `${saved.displayName} is deactivated`);
        setConfirmingDeactivate(false);
        router.refresh();
      },
      onError: (error) => {
        toast.error(trpcErrorMessage(error));
        setConfirmingDeactivate(false);
      },
    }),
  );
  const giveLogin = useMutation(
    trpc.fieldworkerAccess.give.mutationOptions({
      onSuccess: (sent) => {
        toast.success(`FieldSync login invitation sent to ${sent.sentTo}`);
        router.refresh();
      },
      onError: (error) => {
        toast.error(trpcErrorMessage(error));
        router.refresh();
      },
    }),
  );
  const revokeLogin = useMutation(
    trpc.fieldworkerAccess.revoke.mutationOptions({
      onSuccess: () => {
        toast.success(`${fieldworker.displayName} can no longer sign in`);
        setConfirmingRevoke(false);
        router.refresh();
      },
      onError: (error) => {
        toast.error(trpcErrorMessage(error));
        setConfirmingRevoke(false);
      },
    }),
  );

  const googleOffer: MenuOffer = google.data
    ? googleInvitationOffer({ googleSetUp: google.data.googleSetUp, active: google.data.fieldworker.active, status: google.data.status })
    : { label: INVITE_LABEL, enabled: false, reason: google.isError ? trpcErrorMessage(google.error) : "Checking the Google connection…" };
  const login = loginOffers(fieldworker);

  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="btn" aria-label="Actions">
          Actions <span aria-hidden="true">▾</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 w-72 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Item className={itemClass} onSelect={() => setEditing(true)}>
              Edit profile
            </DropdownMenu.Item>
            {!fieldworker.isGeneral &&
              (fieldworker.active ? (
                <DropdownMenu.Item className={itemClass} onSelect={() => setConfirmingDeactivate(true)}>
                  Deactivate
                </DropdownMenu.Item>
              ) : (
                <DropdownMenu.Item
                  className={itemClass}
                  onSelect={() => setActive.mutate({ id: fieldworker.id, active: true })}
                >
                  Activate
                </DropdownMenu.Item>
              ))}
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            {login.give && (
              <OfferItem offer={login.give} id="login-give" onSelect={() => giveLogin.mutate({ fieldworkerId: fieldworker.id })} />
            )}
            {login.revoke && <OfferItem offer={login.revoke} id="login-revoke" onSelect={() => setConfirmingRevoke(true)} />}
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            <OfferItem offer={googleOffer} id="google-invite" onSelect={() => setInviting(true)} />
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <InvitationDialog
        open={inviting}
        onOpenChange={setInviting}
        fieldworkerId={fieldworker.id}
        fieldworkerName={fieldworker.displayName}
        title={googleOffer.label}
      />
      <FieldworkerFormDialog open={editing} onOpenChange={setEditing} fieldworker={fieldworker} />
      <ConfirmDialog
        open={confirmingDeactivate}
        onOpenChange={setConfirmingDeactivate}
        title={`Deactivate ${fieldworker.displayName}?`}
        description="Their bookings and history stay; the profile is marked inactive. You can activate it again later."
        confirmLabel="Deactivate"
        destructive
        pending={setActive.isPending}
        onConfirm={() => setActive.mutate({ id: fieldworker.id, active: false })}
      />
      <ConfirmDialog
        open={confirmingRevoke}
        onOpenChange={setConfirmingRevoke}
        title={`Revoke ${fieldworker.displayName}'s FieldSync login?`}
        description="They are signed out at once and can no longer sign in. Their profile, bookings and Google Calendar sync stay. You can give them a login again later."
        confirmLabel="Revoke login"
        destructive
        pending={revokeLogin.isPending}
        onConfirm={() => revokeLogin.mutate({ fieldworkerId: fieldworker.id })}
      />
    </>
  );
}
