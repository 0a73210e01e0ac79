"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog } from "~/components/ui/dialog";
import { unavailableCreateInput } from "~/server/api/schemas/booking";
import { useTRPC } from "~/trpc/react";
import { FormFooter } from "~/components/ui/form-footer";
import { Field, FormAlert } from "./field";
import { addSchemaErrors, type FormErrors } from "./form-errors";
import type { CalendarOptions, RangeBlock, Viewer } from "./types";
import { useCalendarWrite } from "./use-calendar-write";
import { fromInputValue, toInputValue } from "./zoned-time";

export type UnavailableDialogTarget =
  | { kind: "new"; startsAt: Date; endsAt: Date; fieldworkerId: string | null }
  | { kind: "existing"; block: RangeBlock };

const SHOWN_FIELDS = ["startsAt", "endsAt", "note", "fieldworkerId"] as const;

/**
 * New / edit / delete an unavailable block. Fieldworkers only ever see their own blocks here (the server
 * forces their own id); admins choose the fieldworker.
 */
export function UnavailableDialog({
  target,
  options,
  viewer,
  onClose,
  onSwitchToBooking,
}: {
  target: UnavailableDialogTarget;
  options: CalendarOptions;
  viewer: Viewer;
  onClose: () => void;
  onSwitchToBooking?: () => void;
}) {
  const trpc = useTRPC();
  const isAdmin = viewer.role === "admin";
  const existing = target.kind === "existing" ? target.block : undefined;
  const [values, setValues] = useState(() => ({
    startsAt: toInputValue(existing?.startsAt ?? (target.kind === "new" ? target.startsAt : new Date()), options.timeZone),
    endsAt: toInputValue(existing?.endsAt ?? (target.kind === "new" ? target.endsAt : new Date()), options.timeZone),
    note: existing?.note ?? "",
    fieldworkerId: existing?.fieldworkerId ?? (target.kind === "new" ? (target.fieldworkerId ?? "") : ""),
  }));
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const write = useCalendarWrite({ shownFields: SHOWN_FIELDS, setErrors, closeConfirmDelete: () => setConfirmDelete(false), onDone: onClose });
  const create = useMutation(trpc.unavailable.create.mutationOptions());
  const update = useMutation(trpc.unavailable.update.mutationOptions());
  const remove = useMutation(trpc.unavailable.delete.mutationOptions());
  const pending = create.isPending || update.isPending || remove.isPending;
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));

  // An existing block of a fieldworker who is inactive now is still shown under their name.
  const fieldworkerChoices =
    existing && !options.fieldworkers.some((f) => f.id === existing.fieldworkerId)
      ? [...options.fieldworkers, { id: existing.fieldworkerId, name: `${existing.fieldworkerName} (inactive)`, isGeneral: false }]
      : options.fieldworkers;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const startsAt = fromInputValue(values.startsAt, options.timeZone);
    const endsAt = fromInputValue(values.endsAt, options.timeZone);
    const fields: Record<string, string> = {};
    if (!startsAt) fields.startsAt = "Start must be a date and time";
    if (!endsAt) fields.endsAt = "End must be a date and time";
    if (isAdmin && !values.fieldworkerId) fields.fieldworkerId = "Choose a fieldworker";
    const input = {
      startsAt,
      endsAt,
      note: values.note,
      fieldworkerId: isAdmin ? values.fieldworkerId || undefined : undefined,
    };
    addSchemaErrors(fields, unavailableCreateInput, input);
    if (Object.keys(fields).length > 0 || !startsAt || !endsAt) {
      setErrors({ fields, form: "Please fix the highlighted fields." });
      return;
    }
    setErrors({ fields: {} });
    if (existing) await write.save(() => update.mutateAsync({ ...input, startsAt, endsAt, id: existing.id }), "Unavailable time saved");
    else await write.save(() => create.mutateAsync({ ...input, startsAt, endsAt }), "Unavailable time added");
  };

  const doDelete = async () => {
    if (!existing) return;
    await write.remove(() => remove.mutateAsync({ id: existing.id }), "Unavailable time deleted");
  };

  const title = existing ? "Edit unavailable block" : "New unavailable block";
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title}>
      <form onSubmit={submit} noValidate aria-label={title} className="space-y-3">
        {onSwitchToBooking ? (
          <p className="text-sm text-slate-600">
            Scheduling a job instead?{" "}
            <button type="button" className="font-medium text-brand-700 underline" onClick={onSwitchToBooking}>
              Create a booking
            </button>
          </p>
        ) : null}
        {isAdmin ? (
          <Field label="Fieldworker" error={errors.fields.fieldworkerId}>
            {(p) => (
              <select {...p} className="input" value={values.fieldworkerId} onChange={(e) => set("fieldworkerId", e.target.value)}>
                <option value="">Choose a fieldworker…</option>
                {fieldworkerChoices.map((fw) => (
                  <option key={fw.id} value={fw.id}>
                    {fw.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Start" error={errors.fields.startsAt}>
            {(p) => <input {...p} type="datetime-local" className="input" value={values.startsAt} onChange={(e) => set("startsAt", e.target.value)} />}
          </Field>
          <Field label="End" error={errors.fields.endsAt}>
            {(p) => <input {...p} type="datetime-local" className="input" value={values.endsAt} onChange={(e) => set("endsAt", e.target.value)} />}
          </Field>
        </div>
        <Field label="Note" error={errors.fields.note}>
          {(p) => (
            <input {...p} className="input" value={values.note} maxLength={500} placeholder="e.g. Dentist" onChange={(e) => set("note", e.target.value)} />
          )}
        </Field>
        <FormAlert message={errors.form} />
        <FormFooter
          pending={pending}
          submitLabel={existing ? "Save changes" : "Add unavailable block"}
          onCancel={onClose}
          deleteAction={existing ? { label: "Delete block", onClick: () => setConfirmDelete(true) } : undefined}
        />
      </form>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this unavailable block?"
        description="The time becomes available for bookings again."
        confirmLabel="Delete"
        destructive
        pending={remove.isPending}
        onConfirm={doDelete}
      />
    </Dialog>
  );
}
