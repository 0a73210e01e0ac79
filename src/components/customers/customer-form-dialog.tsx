"use client";

import { FormFooter } from "~/components/ui/form-footer";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { fieldErrorsOf } from "~/components/settings/field-errors";
import { TimeZoneSelect } from "~/components/settings/time-zone-select";
import { Dialog } from "~/components/ui/dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";

type Customer = RouterOutputs["customers"]["list"][number];

/** Mirrors the server's bound (customers router) so the editor stops where the server would refuse. */
const MAX_PROPERTIES = 20;

interface PropertyRow {
  rowId: number;
  key: string;
  value: string;
}

export interface CustomerFormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Absent: a new customer. */
  customer?: Customer;
  timeZones: string[];
  defaultTimeZone: string;
}

export function CustomerFormDialog({ open, onOpenChange, customer, timeZones, defaultTimeZone }: CustomerFormDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={customer ? `Edit ${customer.name}` : "Add customer"}>
      {open && (
        <CustomerForm
          customer={customer}
          timeZones={timeZones}
          defaultTimeZone={defaultTimeZone}
          onDone={() => onOpenChange(false)}
        />
      )}
    </Dialog>
  );
}

function CustomerForm({
  customer,
  timeZones,
  defaultTimeZone,
  onDone,
}: {
  customer?: Customer;
  timeZones: string[];
  defaultTimeZone: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const idPrefix = useId();
  const [form, setForm] = useState({
    name: customer?.name ?? "",
    businessName: customer?.businessName ?? "",
    email: customer?.email ?? "",
    phone: customer?.phone ?? "",
    timeZone: customer?.timeZone ?? defaultTimeZone,
    address: customer?.addresses[0] ?? "",
  });
  const [rows, setRows] = useState<PropertyRow[]>(() =>
    Object.entries(customer?.properties ?? {}).map(([key, value], index) => ({ rowId: index, key, value })),
  );
  const [nextRowId, setNextRowId] = useState(rows.length);

  const onSuccess = (saved: Customer) => {
    toast.success(customer ? `Saved ${saved.name}` : `Added ${saved.name}`);
    router.refresh();
    onDone();
  };
  const onError = (error: unknown) => toast.error(trpcErrorMessage(error));
  const create = useMutation(trpc.customers.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.customers.update.mutationOptions({ onSuccess, onError }));
  const mutation = customer ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  const formError = mutation.error && Object.keys(errors).length === 0 ? trpcErrorMessage(mutation.error) : null;

  const addRow = () => {
    setRows([...rows, { rowId: nextRowId, key: "", value: "" }]);
    setNextRowId(nextRowId + 1);
  };
  const changeRow = (rowId: number, patch: Partial<PropertyRow>) =>
    setRows(rows.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)));
  const field = (name: string) => `${idPrefix}-${name}`;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const { address, ...fields } = form;
        const input = {
          ...fields,
          // The first address is edited here; any further ones (max. three) are kept as they are.
          addresses: [address, ...(customer?.addresses.slice(1) ?? [])],
          // An empty row is an editing leftover, not a property.
          properties: rows
            .filter((row) => row.key.trim() || row.value.trim())
            .map(({ key, value }) => ({ key, value })),
        };
        if (customer) update.mutate({ id: customer.id, ...input });
        else create.mutate(input);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={field("name")}>
            Name
          </label>
          <input
            id={field("name")}
            className="input"
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
            required
            maxLength={120}
            aria-invalid={Boolean(errors.name) || undefined}
          />
          {errors.name && <p className="field-error">{errors.name}</p>}
        </div>
        <div>
          <label className="label" htmlFor={field("business")}>
            Business name <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id={field("business")}
            className="input"
            value={form.businessName}
            onChange={(event) => setForm({ ...form, businessName: event.target.value })}
            maxLength={120}
          />
          {errors.businessName && <p className="field-error">{errors.businessName}</p>}
        </div>
        <div>
          <label className="label" htmlFor={field("email")}>
            Email <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id={field("email")}
            className="input"
            type="email"
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
            aria-invalid={Boolean(errors.email) || undefined}
          />
          {errors.email && <p className="field-error">{errors.email}</p>}
        </div>
        <div>
          <label className="label" htmlFor={field("phone")}>
            Phone <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id={field("phone")}
            className="input"
            type="tel"
            value={form.phone}
            onChange={(event) => setForm({ ...form, phone: event.target.value })}
            maxLength={40}
          />
          {errors.phone && <p className="field-error">{errors.phone}</p>}
        </div>
        <div className="sm:col-span-2">
          <label className="label" htmlFor={field("address")}>
            Address <span className="font-normal text-slate-500">(optional; new bookings start with it)</span>
          </label>
          <input
            id={field("address")}
            className="input"
            value={form.address}
            onChange={(event) => setForm({ ...form, address: event.target.value })}
            maxLength={300}
            autoComplete="off"
            aria-invalid={Boolean(errors.addresses) || undefined}
          />
          {errors.addresses && <p className="field-error">{errors.addresses}</p>}
        </div>
      </div>
      <div>
        <label className="label" htmlFor={field("tz")}>
          Time zone
        </label>
        <TimeZoneSelect
          id={field("tz")}
          value={form.timeZone}
          onChange={(timeZone) => setForm({ ...form, timeZone })}
          timeZones={timeZones}
          invalid={Boolean(errors.timeZone)}
        />
        {errors.timeZone && <p className="field-error">{errors.timeZone}</p>}
      </div>
      <fieldset>
        <legend className="label">Properties</legend>
        <p className="mb-2 text-xs text-slate-500">
          Anything the crew should know on site (gate code, pets, parking). Shown on bookings and in Google events.
        </p>
        <ul className="space-y-2">
          {rows.map((row, index) => (
            <li key={row.rowId} className="flex gap-2">
              <input
                className="input flex-[2]"
                placeholder="Name"
                aria-label={`Property ${index + 1} name`}
                value={row.key}
                maxLength={60}
                onChange={(event) => changeRow(row.rowId, { key: event.target.value })}
              />
              <input
                className="input flex-[3]"
                placeholder="Value"
                aria-label={`Property ${index + 1} value`}
                value={row.value}
                maxLength={500}
                onChange={(event) => changeRow(row.rowId, { value: event.target.value })}
              />
              <button
                type="button"
                className="btn px-2"
                aria-label={`Remove property ${index + 1}`}
                onClick={() => setRows(rows.filter((other) => other.rowId !== row.rowId))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="btn mt-2" onClick={addRow} disabled={rows.length >= MAX_PROPERTIES}>
          + Add property
        </button>
        {errors.properties && <p className="field-error">{errors.properties}</p>}
      </fieldset>
      <FormFooter error={formError} pending={mutation.isPending} submitLabel={customer ? "Save customer" : "Add customer"} onCancel={onDone} />
    </form>
  );
}
