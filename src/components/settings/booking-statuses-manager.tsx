"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import { BookingStatusFormDialog } from "./booking-status-form-dialog";
import { GOOGLE_FLAG_HELP } from "./google-flag-help";

type BookingStatus = RouterOutputs["bookingStatuses"]["list"][number];
type Flag = "pushToGoogle" | "deleteFromGoogle";

export function BookingStatusesManager({ statuses }: { statuses: BookingStatus[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<BookingStatus | null>(null);
  const [deleting, setDeleting] = useState<BookingStatus | null>(null);

  const reorder = useMutation(
    trpc.bookingStatuses.reorder.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (error) => toast.error(trpcErrorMessage(error)),
    }),
  );
  const remove = useMutation(
    trpc.bookingStatuses.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted “${deleting?.name ?? "status"}”`);
        setDeleting(null);
        router.refresh();
      },
      onError: (error) => {
        toast.error(trpcErrorMessage(error));
        setDeleting(null);
      },
    }),
  );

  const move = (index: number, offset: -1 | 1) => {
    const ids = statuses.map((status) => status.id);
    const target = index + offset;
    const [moved] = ids.splice(index, 1);
    if (!moved || target < 0 || target > ids.length) return;
    ids.splice(target, 0, moved);
    reorder.mutate({ ids });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Booking statuses</h1>
          <p className="max-w-2xl text-sm text-slate-600">
            Every booking has one status. Its colour marks the booking on the calendar; its two flags decide what
            Google Calendar shows.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} aria-label="Add status">
          <span aria-hidden="true" className="text-base leading-none">
            +
          </span>
          <span aria-hidden="true">Add status</span>
        </button>
      </div>

      <dl className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-medium">Push to Google Calendar</dt>
          <dd className="text-slate-600">{GOOGLE_FLAG_HELP.pushToGoogle}</dd>
        </div>
        <div>
          <dt className="font-medium">Delete from Google Calendar</dt>
          <dd className="text-slate-600">{GOOGLE_FLAG_HELP.deleteFromGoogle}</dd>
        </div>
      </dl>

      <ul className="space-y-2" aria-label="Booking statuses">
        {statuses.map((status, index) => (
          <li key={status.id} className="card flex flex-wrap items-center gap-x-4 gap-y-3" aria-label={status.name}>
            <div className="flex min-w-48 flex-1 items-start gap-3">
              <span
                className="mt-1 h-5 w-5 shrink-0 rounded-full border border-black/10"
                style={{ backgroundColor: status.color }}
                aria-hidden="true"
              />
              <div className="min-w-0">
                <p className="font-medium">{status.name}</p>
                {status.description && <p className="text-sm text-slate-600">{status.description}</p>}
              </div>
            </div>
            <StatusFlags key={`${status.id}:${status.pushToGoogle}:${status.deleteFromGoogle}`} status={status} />
            <div className="flex items-center gap-1">
              <button
                type="button"
                className="btn px-2"
                onClick={() => move(index, -1)}
                disabled={index === 0 || reorder.isPending}
                aria-label={`Move ${status.name} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn px-2"
                onClick={() => move(index, 1)}
                disabled={index === statuses.length - 1 || reorder.isPending}
                aria-label={`Move ${status.name} down`}
              >
                ↓
              </button>
              <button type="button" className="btn" onClick={() => setEditing(status)} aria-label={`Edit ${status.name}`}>
                Edit
              </button>
              <button
                type="button"
                className="btn text-red-700"
                onClick={() => setDeleting(status)}
                aria-label={`Delete ${status.name}`}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>

      <BookingStatusFormDialog open={adding} onOpenChange={setAdding} />
      <BookingStatusFormDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        status={editing ?? undefined}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Only a status no booking uses can be deleted."
        confirmLabel="Delete status"
        destructive
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </div>
  );
}

/** The two Google flags, saved on each click; the box shows the new value at once and reverts on failure. */
function StatusFlags({ status }: { status: BookingStatus }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [flags, setFlags] = useState({ pushToGoogle: status.pushToGoogle, deleteFromGoogle: status.deleteFromGoogle });
  const update = useMutation(trpc.bookingStatuses.update.mutationOptions());

  const toggle = (flag: Flag, value: boolean) => {
    const previous = flags;
    setFlags({ ...flags, [flag]: value });
    update.mutate(
      { id: status.id, [flag]: value },
      {
        onSuccess: () => {
          toast.success(`Saved “${status.name}”`);
          router.refresh();
        },
        onError: (error) => {
          setFlags(previous);
          toast.error(trpcErrorMessage(error));
        },
      },
    );
  };

  return (
    <div className="flex flex-col gap-1 text-sm sm:flex-row sm:gap-4">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          className="h-4 w-4"
          checked={flags.pushToGoogle}
          disabled={update.isPending}
          onChange={(event) => toggle("pushToGoogle", event.target.checked)}
        />
        Push to Google Calendar
      </label>
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          className="h-4 w-4"
          checked={flags.deleteFromGoogle}
          disabled={update.isPending}
          onChange={(event) => toggle("deleteFromGoogle", event.target.checked)}
        />
        Delete from Google Calendar
      </label>
    </div>
  );
}
