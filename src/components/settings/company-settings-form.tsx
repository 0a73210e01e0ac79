"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { fieldErrorsOf } from "./field-errors";
import { TimeZoneSelect } from "./time-zone-select";

type Company = RouterOutputs["company"]["get"];

export function CompanySettingsForm({ company, timeZones }: { company: Company; timeZones: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({
    name: company.name,
    timeZone: company.timeZone,
    currencyCode: company.currencyCode,
    currencySymbol: company.currencySymbol,
  });
  const update = useMutation(
    trpc.company.update.mutationOptions({
      onSuccess: (saved) => {
        setForm({ name: saved.name, timeZone: saved.timeZone, currencyCode: saved.currencyCode, currencySymbol: saved.currencySymbol });
        toast.success("Company settings saved");
        router.refresh();
      },
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );
  const errors = fieldErrorsOf(update.error);
  const set = (field: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  return (
    <form
      className="card max-w-xl space-y-4"
      aria-label="Company settings"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate(form);
      }}
    >
      <div>
        <label className="label" htmlFor="company-name">
          Company name
        </label>
        <input
          id="company-name"
          className="input"
          value={form.name}
          onChange={(event) => set("name")(event.target.value)}
          required
          maxLength={100}
          aria-invalid={Boolean(errors.name) || undefined}
          aria-describedby={errors.name ? "company-name-error" : undefined}
        />
        {errors.name && (
          <p id="company-name-error" className="field-error">
            {errors.name}
          </p>
        )}
      </div>
      <div>
        <label className="label" htmlFor="company-time-zone">
          Time zone
        </label>
        <TimeZoneSelect
          id="company-time-zone"
          value={form.timeZone}
          onChange={set("timeZone")}
          timeZones={timeZones}
          invalid={Boolean(errors.timeZone)}
          describedBy="company-time-zone-hint"
        />
        <p id="company-time-zone-hint" className="mt-1 text-xs text-slate-500">
          The calendar&apos;s default zone. Each customer keeps their own zone for the times on their bookings.
        </p>
        {errors.timeZone && <p className="field-error">{errors.timeZone}</p>}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor="company-currency-code">
            Currency code
          </label>
          <input
            id="company-currency-code"
            className="input uppercase"
            value={form.currencyCode}
            onChange={(event) => set("currencyCode")(event.target.value)}
            required
            maxLength={3}
            autoComplete="off"
            aria-invalid={Boolean(errors.currencyCode) || undefined}
            aria-describedby="company-currency-code-hint"
          />
          <p id="company-currency-code-hint" className="mt-1 text-xs text-slate-500">
            ISO 4217, like AUD, NZD or USD.
          </p>
          {errors.currencyCode && <p className="field-error">{errors.currencyCode}</p>}
        </div>
        <div>
          <label className="label" htmlFor="company-currency-symbol">
            Currency symbol
          </label>
          <input
            id="company-currency-symbol"
            className="input"
            value={form.currencySymbol}
            onChange={(event) => set("currencySymbol")(event.target.value)}
            required
            maxLength={5}
            aria-invalid={Boolean(errors.currencySymbol) || undefined}
          />
          {errors.currencySymbol && <p className="field-error">{errors.currencySymbol}</p>}
        </div>
      </div>
      <div className="flex justify-end">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save settings"}
        </button>
      </div>
    </form>
  );
}
