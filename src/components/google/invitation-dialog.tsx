"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Dialog } from "~/components/ui/dialog";
import { closeOnEscapeInFrame } from "~/components/ui/dialog-escape";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC } from "~/trpc/react";

const PREVIEW_DEBOUNCE_MS = 400;

export interface InvitationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  fieldworkerId: string;
  fieldworkerName: string;
  onSent?: () => void;
  /** "Send reconnect link" when Google stopped accepting the fieldworker's connection. */
  title?: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * "Send Google Calendar authorization email": shows recipient and subject, lets the admin edit the
 * message, previews the real email and sends it through Resend. Failures stay on screen so the admin
 * can retry.
 */
export function InvitationDialog({ open, onOpenChange, fieldworkerId, fieldworkerName, onSent, title = "Send Google Calendar authorization email" }: InvitationDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const debouncedMessage = useDebounced(message, PREVIEW_DEBOUNCE_MS);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const initial = useQuery({ ...trpc.googleSync.invitationPreview.queryOptions({ fieldworkerId }), enabled: open });
  const preview = useQuery({
    ...trpc.googleSync.invitationPreview.queryOptions({ fieldworkerId, message: debouncedMessage ?? undefined }),
    enabled: open && debouncedMessage !== null,
    placeholderData: (previous) => previous,
  });
  const send = useMutation(
    trpc.googleSync.sendInvitation.mutationOptions({
      onSuccess: async () => {
        setSentTo(initial.data?.to ?? fieldworkerName);
        toast.success(`Invitation sent to ${fieldworkerName}`);
        await queryClient.invalidateQueries(trpc.googleSync.pathFilter());
        await queryClient.invalidateQueries(trpc.integrations.pathFilter());
        onSent?.();
      },
    }),
  );

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setMessage(null);
      setSentTo(null);
      send.reset();
    }
  };

  const shown = message ?? initial.data?.message ?? "";
  const html = (debouncedMessage !== null ? preview.data?.html : undefined) ?? initial.data?.html;

  return (
    <Dialog open={open} onOpenChange={close} title={title} widthClass="max-w-2xl">
      {initial.isError && (
        <p role="alert" className="field-error">
          {trpcErrorMessage(initial.error)}
        </p>
      )}
      {initial.isPending && <p className="text-sm text-slate-600">Preparing the email…</p>}
      {sentTo ? (
        <div role="status" className="space-y-3">
          <p>
            Invitation sent to <strong>{sentTo}</strong>. The link works once and expires in 7 days.
          </p>
          <button type="button" className="btn" onClick={() => close(false)}>
            Close
          </button>
        </div>
      ) : (
        initial.data && (
          <form
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              send.mutate({ fieldworkerId, message: shown });
            }}
          >
            <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">To</dt>
              <dd data-testid="invitation-recipient">{initial.data.to}</dd>
              <dt className="text-slate-500">Subject</dt>
              <dd data-testid="invitation-subject">{initial.data.subject}</dd>
            </dl>
            <div>
              <label className="label" htmlFor="invitation-message">
                Message
              </label>
              <textarea
                id="invitation-message"
                className="input min-h-28"
                value={shown}
                maxLength={5000}
                onChange={(event) => setMessage(event.target.value)}
              />
              <p className="mt-1 text-xs text-slate-500">
                The email also explains what FieldSync will access, and carries a one-time “Grant permission” button.
              </p>
            </div>
            {html && (
              <details className="rounded border border-slate-200">
                <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Preview the email</summary>
                {/* Same origin (so Escape inside it closes the dialog) but no scripts, forms, popups or navigation. */}
                <iframe
                  title="Email preview"
                  srcDoc={html}
                  sandbox="allow-same-origin"
                  onLoad={(event) => closeOnEscapeInFrame(event.currentTarget, () => close(false))}
                  className="h-96 w-full border-t border-slate-200 bg-white"
                />
              </details>
            )}
            {send.isError && (
              <p role="alert" className="field-error">
                {trpcErrorMessage(send.error)}
                {/* Only a failed delivery is worth retrying as is; anything else needs a change first. */}
                {send.error.data?.code === "BAD_GATEWAY" ? " You can try again." : null}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <button type="button" className="btn" onClick={() => close(false)}>
                Cancel
              </button>
              <button type="submit" className="btn btn-primary" disabled={send.isPending || shown.trim() === ""}>
                {send.isPending ? "Sending…" : "Send"}
              </button>
            </div>
          </form>
        )
      )}
    </Dialog>
  );
}
