"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { CustomerFormDialog } from "./customer-form-dialog";

type Customer = RouterOutputs["customers"]["list"][number];

export interface CustomersTableProps {
  customers: Customer[];
  timeZones: string[];
  companyTimeZone: string;
}

export function CustomersTable({ customers, timeZones, companyTimeZone }: CustomersTableProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Customer | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const [filter, setFilter] = useState("");
  const remove = useMutation(
    trpc.customers.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted ${deleting?.name ?? "customer"}`);
        setDeleting(null);
        router.refresh();
      },
      onError: (error) => {
        toast.error(trpcErrorMessage(error));
        setDeleting(null);
      },
    }),
  );

  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? customers.filter((c) =>
        [c.name, c.businessName, c.email, c.phone].some((text) => text?.toLowerCase().includes(needle)),
      )
    : customers;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Customers</h1>
          <p className="text-sm text-slate-600">People and businesses you book jobs for.</p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          + Add customer
        </button>
      </div>
      <div className="max-w-sm">
        <label className="sr-only" htmlFor="customer-filter">
          Filter customers
        </label>
        <input
          id="customer-filter"
          type="search"
          className="input"
          placeholder="Filter by name, business, email or phone"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">
                Contact
              </th>
              <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
                Time zone
              </th>
              <th scope="col" className="hidden px-4 py-2 font-medium lg:table-cell">
                Properties
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.map((customer) => {
              const properties = Object.entries(customer.properties);
              return (
                <tr key={customer.id}>
                  <td className="px-4 py-2">
                    <div className="font-medium">{customer.name}</div>
                    {customer.businessName && <div className="text-slate-500">{customer.businessName}</div>}
                  </td>
                  <td className="hidden px-4 py-2 md:table-cell">
                    <div className="break-all">{customer.email ?? "—"}</div>
                    {customer.phone && <div className="text-slate-500">{customer.phone}</div>}
                  </td>
                  <td className="hidden px-4 py-2 whitespace-nowrap sm:table-cell">{customer.timeZone.replaceAll("_", " ")}</td>
                  <td className="hidden px-4 py-2 text-slate-600 lg:table-cell">
                    {properties.length === 0
                      ? "—"
                      : properties.map(([key, value]) => (
                          <div key={key}>
                            <span className="font-medium text-slate-700">{key}:</span> {value}
                          </div>
                        ))}
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex justify-end gap-1">
                      <button
                        type="button"
                        className="btn"
                        onClick={() => setEditing(customer)}
                        aria-label={`Edit ${customer.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn text-red-700"
                        onClick={() => setDeleting(customer)}
                        aria-label={`Delete ${customer.name}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
            {shown.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                  {customers.length === 0 ? "No customers yet." : "No customer matches the filter."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <CustomerFormDialog open={adding} onOpenChange={setAdding} timeZones={timeZones} defaultTimeZone={companyTimeZone} />
      <CustomerFormDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        customer={editing ?? undefined}
        timeZones={timeZones}
        defaultTimeZone={companyTimeZone}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "customer"}?`}
        description="This cannot be undone. A customer who has bookings cannot be deleted."
        confirmLabel="Delete customer"
        destructive
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </div>
  );
}
