"use client";

import { FormFooter } from "~/components/ui/form-footer";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Dialog } from "~/components/ui/dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { fieldErrorsOf } from "./field-errors";
import { GOOGLE_FLAG_HELP } from "./google-flag-help";

type BookingStatus = RouterOutputs["bookingStatuses"]["list"][number];

export interface BookingStatusFormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Absent: a new status. */
  status?: BookingStatus;
}

const EMPTY = { name: "", color: "#2563eb", description: "", pushToGoogle: true, deleteFromGoogle: false };

export function BookingStatusFormDialog({ open, onOpenChange, status }: BookingStatusFormDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={status ? `Edit status “${status.name}”` : "Add status"}>
      {/* Remounted on each opening so the form starts from the status as it is now. */}
      {open && <BookingStatusForm status={status} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function BookingStatusForm({ status, onDone }: { status?: BookingStatus; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState(
    status
      ? {
          name: status.name,
          color: status.color,
          description: status.description,
          pushToGoogle: status.pushToGoogle,
          deleteFromGoogle: status.deleteFromGoogle,
        }
      : EMPTY,
  );
  const onSuccess = (saved: BookingStatus) => {
    toast.success(status ? `Saved “${saved.name}”` : `Added “${saved.name}”`);
    router.refresh();
    onDone();
  };
  const onError = (error: unknown) => toast.error(trpcErrorMessage(error));
  const create = useMutation(trpc.bookingStatuses.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.bookingStatuses.update.mutationOptions({ onSuccess, onError }));
  const mutation = status ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const formError = mutation.error && Object.keys(errors).length === 0 ? trpcErrorMessage(mutation.error) : null;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (status) update.mutate({ id: status.id, ...form });
        else create.mutate(form);
      }}
    >
      <div className="grid grid-cols-[1fr_auto] gap-3">
        <div>
          <label className="label" htmlFor="status-name">
            Name
          </label>
          <input
            id="status-name"
            className="input"
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
            required
            maxLength={60}
            aria-invalid={Boolean(errors.name) || undefined}
          />
          {errors.name && <p className="field-error">{errors.name}</p>}
        </div>
        <div>
          <label className="label" htmlFor="status-color">
            Colour
          </label>
          <input
            id="status-color"
            type="color"
            className="h-9 w-16 cursor-pointer rounded-md border border-slate-300 bg-white p-1"
            value={form.color}
            onChange={(event) => setForm({ ...form, color: event.target.value })}
          />
          {errors.color && <p className="field-error">{errors.color}</p>}
        </div>
      </div>
      <div>
        <label className="label" htmlFor="status-description">
          Description
        </label>
        <textarea
          id="status-description"
          className="input"
          rows={2}
          maxLength={500}
          value={form.description}
          onChange={(event) => setForm({ ...form, description: event.target.value })}
        />
        {errors.description && <p className="field-error">{errors.description}</p>}
      </div>
      <fieldset className="space-y-3">
        <legend className="label">Google Calendar</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 h-4 w-4"
            checked={form.pushToGoogle}
            onChange={(event) => setForm({ ...form, pushToGoogle: event.target.checked })}
          />
          <span>
            <span className="font-medium">Push to Google Calendar</span>
            <span className="block text-slate-500">{GOOGLE_FLAG_HELP.pushToGoogle}</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 h-4 w-4"
            checked={form.deleteFromGoogle}
            onChange={(event) => setForm({ ...form, deleteFromGoogle: event.target.checked })}
          />
          <span>
            <span className="font-medium">Delete from Google Calendar</span>
            <span className="block text-slate-500">{GOOGLE_FLAG_HELP.deleteFromGoogle}</span>
          </span>
        </label>
      </fieldset>
      <FormFooter error={formError} pending={mutation.isPending} submitLabel={status ? "Save status" : "Add status"} onCancel={onDone} />
    </form>
  );
}
