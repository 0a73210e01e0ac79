"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog } from "~/components/ui/dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { bookingCreateInput, centsToAmount, MAX_ADDRESSES } from "~/server/api/schemas/booking";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { BusyWarning } from "./busy-warning";
import { addressesOnCustomerPick } from "./customer-addresses";
import { FormFooter } from "~/components/ui/form-footer";
import { Field, FormAlert } from "./field";
import { addSchemaErrors, type FormErrors } from "./form-errors";
import type { CalendarOptions, Viewer } from "./types";
import { useCalendarWrite } from "./use-calendar-write";
import { fromInputValue, toInputValue } from "./zoned-time";
import { BookingConflicts } from "~/components/google/booking-conflicts";
import { formatZonedRange, zoneAbbreviation } from "~/lib/zoned-format";

type BookingDetail = RouterOutputs["bookings"]["get"];

export type BookingDialogTarget =
  | { kind: "new"; startsAt: Date; endsAt: Date; fieldworkerIds: string[] }
  | { kind: "existing"; id: string };

export interface BookingDialogProps {
  target: BookingDialogTarget;
  options: CalendarOptions;
  viewer: Viewer;
  onClose: () => void;
  /** Offered on a new slot: the admin wanted an unavailable block rather than a booking. */
  onSwitchToUnavailable?: () => void;
}

/** New booking (admin), edit + delete (admin), or a read-only view (a fieldworker's own booking). */
export function BookingDialog({ target, options, viewer, onClose, onSwitchToUnavailable }: BookingDialogProps) {
  const trpc = useTRPC();
  const existingId = target.kind === "existing" ? target.id : undefined;
  const detail = useQuery({ ...trpc.bookings.get.queryOptions({ id: existingId ?? "" }), enabled: Boolean(existingId) });
  const isAdmin = viewer.role === "admin";
  const title = target.kind === "new" ? "New booking" : isAdmin ? "Edit booking" : "Booking details";

  let body: React.ReactNode;
  if (target.kind === "new") {
    body = (
      <BookingForm
        options={options}
        initial={emptyValues(target, options)}
        onDone={onClose}
        onSwitchToUnavailable={onSwitchToUnavailable}
      />
    );
  } else if (detail.isPending) {
    body = <p className="text-sm text-slate-600">Loading booking…</p>;
  } else if (detail.isError) {
    body = <FormAlert message={trpcErrorMessage(detail.error)} />;
  } else if (isAdmin) {
    body = (
      <BookingForm
        options={options}
        initial={valuesFrom(detail.data, options)}
        bookingId={detail.data.id}
        assigned={detail.data.fieldworkers}
        onDone={onClose}
      />
    );
  } else {
    body = <BookingDetails booking={detail.data} options={options} />;
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title} widthClass="max-w-2xl">
      {existingId ? <BookingConflicts bookingId={existingId} timeZone={options.timeZone} /> : null}
      {body}
    </Dialog>
  );
}

interface FormValues {
  customerId: string;
  statusId: string;
  serviceName: string;
  serviceDescription: string;
  amount: string;
  suburb: string;
  addresses: string[];
  startsAt: string;
  endsAt: string;
  fieldworkerIds: string[];
}

const SHOWN_FIELDS = [
  "customerId",
  "statusId",
  "serviceName",
  "serviceDescription",
  "amount",
  "suburb",
  "addresses",
  "startsAt",
  "endsAt",
  "fieldworkerIds",
] as const;

function padAddresses(addresses: string[]): string[] {
  return Array.from({ length: MAX_ADDRESSES }, (_, i) => addresses[i] ?? "");
}

function emptyValues(target: { startsAt: Date; endsAt: Date; fieldworkerIds: string[] }, options: CalendarOptions): FormValues {
  return {
    customerId: "",
    // "Confirmed" is what a dispatcher usually books; fall back to the first status.
    statusId: (options.statuses.find((s) => s.name.toLowerCase() === "confirmed") ?? options.statuses[0])?.id ?? "",
    serviceName: "",
    serviceDescription: "",
    amount: "",
    suburb: "",
    addresses: padAddresses([]),
    startsAt: toInputValue(target.startsAt, options.timeZone),
    endsAt: toInputValue(target.endsAt, options.timeZone),
    fieldworkerIds: target.fieldworkerIds,
  };
}

function valuesFrom(booking: BookingDetail, options: CalendarOptions): FormValues {
  return {
    customerId: booking.customerId,
    statusId: booking.statusId,
    serviceName: booking.serviceName,
    serviceDescription: booking.serviceDescription,
    amount: centsToAmount(booking.amountCents),
    suburb: booking.suburb,
    addresses: padAddresses(booking.addresses),
    startsAt: toInputValue(booking.startsAt, options.timeZone),
    endsAt: toInputValue(booking.endsAt, options.timeZone),
    fieldworkerIds: booking.fieldworkers.map((f) => f.id),
  };
}

function BookingForm({
  options,
  initial,
  bookingId,
  assigned = [],
  onDone,
  onSwitchToUnavailable,
}: {
  options: CalendarOptions;
  initial: FormValues;
  bookingId?: string;
  assigned?: { id: string; name: string }[];
  onDone: () => void;
  onSwitchToUnavailable?: () => void;
}) {
  const trpc = useTRPC();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const write = useCalendarWrite({ shownFields: SHOWN_FIELDS, setErrors, closeConfirmDelete: () => setConfirmDelete(false), onDone });
  const create = useMutation(trpc.bookings.create.mutationOptions());
  const update = useMutation(trpc.bookings.update.mutationOptions());
  const remove = useMutation(trpc.bookings.delete.mutationOptions());
  const pending = create.isPending || update.isPending || remove.isPending;

  // Fieldworkers already assigned stay listed even when inactive now, so an edit does not silently drop them.
  const fieldworkerChoices = [
    ...options.fieldworkers,
    ...assigned.filter((a) => !options.fieldworkers.some((f) => f.id === a.id)).map((a) => ({ ...a, name: `${a.name} (inactive)` })),
  ];
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const customerAddresses = (id: string) => options.customers.find((c) => c.id === id)?.addresses ?? [];
  /** Picking a customer fills in their address (never over one the dispatcher typed). */
  const pickCustomer = (customerId: string) =>
    setValues((v) => ({
      ...v,
      customerId,
      addresses: addressesOnCustomerPick(v.addresses, customerAddresses(v.customerId), customerAddresses(customerId), MAX_ADDRESSES),
    }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const startsAt = fromInputValue(values.startsAt, options.timeZone);
    const endsAt = fromInputValue(values.endsAt, options.timeZone);
    const fields: Record<string, string> = {};
    if (!values.customerId) fields.customerId = "Choose a customer";
    if (!values.statusId) fields.statusId = "Choose a status";
    if (!startsAt) fields.startsAt = "Start must be a date and time";
    if (!endsAt) fields.endsAt = "End must be a date and time";
    const raw = { ...values, amount: values.amount.trim() === "" ? "0" : values.amount, startsAt, endsAt };
    addSchemaErrors(fields, bookingCreateInput, raw);
    if (Object.keys(fields).length > 0 || !startsAt || !endsAt) {
      setErrors({ fields, form: "Please fix the highlighted fields." });
      return;
    }
    setErrors({ fields: {} });
    const input = { ...raw, startsAt, endsAt };
    if (bookingId) await write.save(() => update.mutateAsync({ ...input, id: bookingId }), "Booking saved");
    else await write.save(() => create.mutateAsync(input), "Booking created");
  };

  const doDelete = async () => {
    if (!bookingId) return;
    await write.remove(() => remove.mutateAsync({ id: bookingId }), "Booking deleted");
  };

  return (
    <>
      <form onSubmit={submit} noValidate aria-label={bookingId ? "Edit booking" : "New booking"} className="space-y-3">
        {onSwitchToUnavailable ? (
          <p className="text-sm text-slate-600">
            Blocking time off instead?{" "}
            <button type="button" className="font-medium text-brand-700 underline" onClick={onSwitchToUnavailable}>
              Add an unavailable block
            </button>
          </p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Customer" error={errors.fields.customerId}>
            {(p) => (
              <select {...p} className="input" value={values.customerId} onChange={(e) => pickCustomer(e.target.value)}>
                <option value="">Choose a customer…</option>
                {options.customers.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.businessName ? `${c.name} (${c.businessName})` : c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Status" error={errors.fields.statusId}>
            {(p) => (
              <select {...p} className="input" value={values.statusId} onChange={(e) => set("statusId", e.target.value)}>
                <option value="">Choose a status…</option>
                {options.statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Service name" error={errors.fields.serviceName}>
            {(p) => <input {...p} className="input" value={values.serviceName} maxLength={200} onChange={(e) => set("serviceName", e.target.value)} />}
          </Field>
          <Field label={`Amount (${options.currencySymbol})`} error={errors.fields.amount}>
            {(p) => (
              <input
                {...p}
                className="input"
                inputMode="decimal"
                placeholder="0.00"
                value={values.amount}
                onChange={(e) => set("amount", e.target.value)}
              />
            )}
          </Field>
          <Field label="Description" error={errors.fields.serviceDescription} className="sm:col-span-2">
            {(p) => (
              <textarea
                {...p}
                className="input"
                rows={2}
                value={values.serviceDescription}
                onChange={(e) => set("serviceDescription", e.target.value)}
              />
            )}
          </Field>
          <Field label="Suburb" error={errors.fields.suburb}>
            {(p) => <input {...p} className="input" value={values.suburb} onChange={(e) => set("suburb", e.target.value)} />}
          </Field>
          <div className="hidden sm:block" />
          {values.addresses.map((address, i) => (
            <Field key={i} label={`Address ${i + 1}`} error={i === 0 ? errors.fields.addresses : undefined} className={i === 0 ? "sm:col-span-2" : ""}>
              {(p) => (
                <input
                  {...p}
                  className="input"
                  value={address}
                  onChange={(e) => set("addresses", values.addresses.map((a, j) => (j === i ? e.target.value : a)))}
                />
              )}
            </Field>
          ))}
          <Field label="Start" error={errors.fields.startsAt}>
            {(p) => <input {...p} type="datetime-local" className="input" value={values.startsAt} onChange={(e) => set("startsAt", e.target.value)} />}
          </Field>
          <Field label="End" error={errors.fields.endsAt}>
            {(p) => <input {...p} type="datetime-local" className="input" value={values.endsAt} onChange={(e) => set("endsAt", e.target.value)} />}
          </Field>
          <p className="-mt-1 text-xs text-slate-500 sm:col-span-2" data-testid="booking-time-zone">
            Times in {options.timeZone.replace("_", " ")} ({zoneAbbreviation(fromInputValue(values.startsAt, options.timeZone) ?? new Date(), options.timeZone)}), the
            company&apos;s time zone.
          </p>
        </div>
        <fieldset aria-describedby={errors.fields.fieldworkerIds ? "booking-fieldworkers-error" : undefined}>
          <legend className="label">Fieldworkers</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {fieldworkerChoices.map((fw) => (
              <label key={fw.id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={values.fieldworkerIds.includes(fw.id)}
                  onChange={(e) =>
                    set(
                      "fieldworkerIds",
                      e.target.checked ? [...values.fieldworkerIds, fw.id] : values.fieldworkerIds.filter((id) => id !== fw.id),
                    )
                  }
                />
                {fw.name}
              </label>
            ))}
          </div>
          {errors.fields.fieldworkerIds ? (
            <p className="field-error" id="booking-fieldworkers-error" role="alert">
              {errors.fields.fieldworkerIds}
            </p>
          ) : null}
        </fieldset>
        <BusyWarning
          fieldworkerIds={values.fieldworkerIds}
          startsAt={fromInputValue(values.startsAt, options.timeZone)}
          endsAt={fromInputValue(values.endsAt, options.timeZone)}
          timeZone={options.timeZone}
        />
        <FormAlert message={errors.form} />
        <FormFooter
          pending={pending}
          submitLabel={bookingId ? "Save changes" : "Create booking"}
          onCancel={onDone}
          deleteAction={bookingId ? { label: "Delete booking", onClick: () => setConfirmDelete(true) } : undefined}
        />
      </form>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this booking?"
        description={`${values.serviceName || "This booking"} will be removed from the calendar. This cannot be undone.`}
        confirmLabel="Delete"
        destructive
        pending={remove.isPending}
        onConfirm={doDelete}
      />
    </>
  );
}

function BookingDetails({ booking, options }: { booking: BookingDetail; options: CalendarOptions }) {
  const rows: [string, React.ReactNode][] = [
    ["Status", (
      <span key="s" className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ backgroundColor: booking.statusColor }} />
        {booking.statusName}
      </span>
    )],
    ["Customer", booking.customerBusinessName ? `${booking.customerName} (${booking.customerBusinessName})` : booking.customerName],
    ["Phone", booking.customerPhone ?? "—"],
    ["Service", booking.serviceName],
    ["Description", booking.serviceDescription || "—"],
    ["When", formatZonedRange(booking.startsAt, booking.endsAt, options.timeZone)],
    ["Suburb", booking.suburb || "—"],
    ["Addresses", booking.addresses.length ? booking.addresses.join(" · ") : "—"],
    ["Amount", `${options.currencySymbol}${centsToAmount(booking.amountCents)}`],
    ["Fieldworkers", booking.fieldworkers.map((f) => f.name).join(", ")],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-600">{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
