"use client";

import { FormFooter } from "~/components/ui/form-footer";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { fieldErrorsOf } from "~/components/settings/field-errors";
import { Dialog } from "~/components/ui/dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";

type Fieldworker = RouterOutputs["fieldworkers"]["get"];

export interface FieldworkerFormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Absent: a new fieldworker. */
  fieldworker?: Fieldworker;
}

export function FieldworkerFormDialog({ open, onOpenChange, fieldworker }: FieldworkerFormDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={fieldworker ? "Edit profile" : "Add fieldworker"}
      description={fieldworker ? undefined : "They get bookings on the calendar and, later, a Google Calendar invitation."}
    >
      {open && <FieldworkerForm fieldworker={fieldworker} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function FieldworkerForm({ fieldworker, onDone }: { fieldworker?: Fieldworker; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({
    displayName: fieldworker?.displayName ?? "",
    email: fieldworker?.email ?? "",
    phone: fieldworker?.phone ?? "",
    active: fieldworker?.active ?? true,
  });
  const onSuccess = (saved: { displayName: string }) => {
    toast.success(fieldworker ? "Profile saved" : `Added ${saved.displayName}`);
    router.refresh();
    onDone();
  };
  const onError = (error: unknown) => toast.error(trpcErrorMessage(error));
  const create = useMutation(trpc.fieldworkers.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.fieldworkers.update.mutationOptions({ onSuccess, onError }));
  const mutation = fieldworker ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const formError = mutation.error && Object.keys(errors).length === 0 ? trpcErrorMessage(mutation.error) : null;
  const isGeneral = fieldworker?.isGeneral ?? false;

  return (
    <form
      className="space-y-4"
      // The server says what is missing and why (e.g. the email their invitations go to), not the browser.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const input = { ...form, phone: form.phone.trim() || null };
        if (fieldworker) update.mutate({ id: fieldworker.id, ...input, active: isGeneral ? undefined : input.active });
        else create.mutate(input);
      }}
    >
      <div>
        <label className="label" htmlFor="fieldworker-name">
          Name
        </label>
        <input
          id="fieldworker-name"
          className="input"
          value={form.displayName}
          onChange={(event) => setForm({ ...form, displayName: event.target.value })}
          required
          maxLength={100}
          autoComplete="off"
          aria-invalid={Boolean(errors.displayName) || undefined}
        />
        {errors.displayName && <p className="field-error">{errors.displayName}</p>}
      </div>
      <div>
        <label className="label" htmlFor="fieldworker-email">
          Email
        </label>
        <input
          id="fieldworker-email"
          className="input"
          type="email"
          value={form.email}
          onChange={(event) => setForm({ ...form, email: event.target.value })}
          required
          autoComplete="off"
          aria-invalid={Boolean(errors.email) || undefined}
        />
        {errors.email && <p className="field-error">{errors.email}</p>}
      </div>
      <div>
        <label className="label" htmlFor="fieldworker-phone">
          Phone <span className="font-normal text-slate-500">(optional)</span>
        </label>
        <input
          id="fieldworker-phone"
          className="input"
          type="tel"
          value={form.phone}
          onChange={(event) => setForm({ ...form, phone: event.target.value })}
          maxLength={40}
          autoComplete="off"
          aria-invalid={Boolean(errors.phone) || undefined}
        />
        {errors.phone && <p className="field-error">{errors.phone}</p>}
      </div>
      {isGeneral ? (
        <p className="text-sm text-slate-600">The business calendar is always active.</p>
      ) : (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4"
            checked={form.active}
            onChange={(event) => setForm({ ...form, active: event.target.checked })}
          />
          Active (can be assigned bookings)
        </label>
      )}
      <FormFooter error={formError} pending={mutation.isPending} submitLabel={fieldworker ? "Save profile" : "Add fieldworker"} onCancel={onDone} />
    </form>
  );
}
