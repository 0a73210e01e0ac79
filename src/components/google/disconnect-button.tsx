"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";

/** "Disconnect syncing" with its confirmation: stops sync, keeps every booking. */
export function DisconnectButton({ fieldworkerId, email, self }: { fieldworkerId: string; email: string; self: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation(
    trpc.googleSync.disconnect.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        toast.success("Google Calendar sync is off");
        await queryClient.invalidateQueries(trpc.googleSync.pathFilter());
        router.refresh();
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(trpcErrorMessage(error));
      },
    }),
  );
  return (
    <>
      <button type="button" className="btn" onClick={() => setConfirming(true)}>
        Disconnect syncing
      </button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Disconnect Google Calendar?"
        description={`FieldSync stops syncing ${self ? "your calendar" : "this calendar"} with ${email}. Bookings stay in FieldSync; events already in Google stay there. ${self ? "You" : "The fieldworker"} can connect again at any time.`}
        confirmLabel="Disconnect"
        destructive
        pending={disconnect.isPending}
        onConfirm={() => disconnect.mutate({ fieldworkerId })}
      />
    </>
  );
}
