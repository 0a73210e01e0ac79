"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { InvitationDialog } from "~/components/google/invitation-dialog";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { FieldworkerFormDialog } from "./fieldworker-form-dialog";

type Fieldworker = RouterOutputs["fieldworkers"]["get"];

const itemClass =
  "flex cursor-pointer select-none flex-col rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100 data-[disabled]:cursor-not-allowed data-[disabled]:text-slate-400";

/** The profile's Actions menu (admins only). */
export function FieldworkerActions({ fieldworker }: { fieldworker: Fieldworker }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirmingDeactivate, setConfirmingDeactivate] = useState(false);
  const [inviting, setInviting] = useState(false);
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
            <DropdownMenu.Item
              className={itemClass}
              disabled={!fieldworker.active}
              aria-describedby={fieldworker.active ? undefined : "google-invite-hint"}
              onSelect={() => setInviting(true)}
            >
              <span>Send Google Calendar authorization email</span>
              {!fieldworker.active && (
                <span id="google-invite-hint" className="text-xs text-slate-500">
                  Activate the profile first
                </span>
              )}
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <InvitationDialog open={inviting} onOpenChange={setInviting} fieldworkerId={fieldworker.id} fieldworkerName={fieldworker.displayName} />
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
    </>
  );
}
