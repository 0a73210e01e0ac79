"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";

/** A switch for admins on the profile; the business calendar's is fixed on. */
export function ActiveToggle({ id, active, isGeneral }: { id: string; active: boolean; isGeneral: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setActive = useMutation(
    trpc.fieldworkers.setActive.mutationOptions({
      onSuccess: (saved) => {
        toast.success(saved.active ? `${saved.displayName} is active` : `${saved.displayName} is deactivated`);
        router.refresh();
      },
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );
  const shown = setActive.isPending ? (setActive.variables?.active ?? active) : active;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={shown}
      aria-label="Active"
      disabled={isGeneral || setActive.isPending}
      title={isGeneral ? "The business calendar is always active" : undefined}
      onClick={() => setActive.mutate({ id, active: !active })}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:opacity-60 ${shown ? "bg-green-600" : "bg-slate-300"}`}
    >
      <span
        aria-hidden="true"
        className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${shown ? "translate-x-5" : "translate-x-0.5"}`}
      />
    </button>
  );
}
