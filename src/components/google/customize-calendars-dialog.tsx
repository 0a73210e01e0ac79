"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Dialog } from "~/components/ui/dialog";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useTRPC, type RouterOutputs } from "~/trpc/react";
import type { Role } from "~/lib/roles";

const TITLE = "Customize display calendar";
/** How long the open dialog re-reads the list after asking Google for it (the job runs right after the request). */
const REFRESH_POLL_MS = 8_000;
const REFRESH_POLL_INTERVAL_MS = 1_000;
const FALLBACK_COLOR = "#94a3b8";

type OwnCalendar = Extract<RouterOutputs["googleSync"]["myCalendars"], { connected: true }>["calendars"][number];
type CompanyGroup = RouterOutputs["googleSync"]["companyCalendars"][number];
type Privacy = OwnCalendar["privacy"];

/** Google's access roles, as Google Calendar's own settings word them. */
const ACCESS_ROLE: Record<string, string> = {
  owner: "Owner",
  writer: "Can make changes",
  reader: "See all event details",
  freeBusyReader: "See only free/busy",
};

function Swatch({ color }: { color: string | null }) {
  return <span aria-hidden className="inline-block h-3.5 w-3.5 shrink-0 rounded-sm" style={{ backgroundColor: color ?? FALLBACK_COLOR }} />;
}

function useRefreshAfterSave() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries(trpc.calendar.range.pathFilter()), queryClient.invalidateQueries(trpc.googleSync.pathFilter())]);
}

/**
 * Opening the dialog asks the server to re-read the Google calendar list (at most once a minute per account),
 * so a calendar created or deleted in Google shows here within seconds. True while the list is being re-read.
 */
function useCalendarListRefresh(): boolean {
  const trpc = useTRPC();
  const { mutate } = useMutation(trpc.googleSync.refreshCalendarList.mutationOptions());
  const [checking, setChecking] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    mutate(undefined, {
      onSuccess: ({ queued }) => {
        if (queued === 0) return;
        setChecking(true);
        timer.current = setTimeout(() => setChecking(false), REFRESH_POLL_MS);
      },
    });
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [mutate]);
  return checking;
}

function CheckingNote({ checking }: { checking: boolean }) {
  return (
    <p aria-live="polite" className="min-h-4 text-xs text-slate-500">
      {checking ? "Checking Google for calendars added or removed…" : ""}
    </p>
  );
}

/**
 * "Customize display calendar" (DESIGN §1): a fieldworker picks which of their Google calendars FieldSync
 * imports and what admins see of each; an admin picks which of the imported calendars the calendar shows.
 */
export function CustomizeCalendarsButton({ role, fieldworkerId }: { role: Role; fieldworkerId: string | null }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const status = useQuery({ ...trpc.googleSync.status.queryOptions({ fieldworkerId: fieldworkerId ?? "" }), enabled: role === "fieldworker" && Boolean(fieldworkerId) });
  // A fieldworker has nothing to customize until their Google Calendar is connected.
  if (role === "fieldworker" && status.data?.status.kind !== "connected") return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} aria-label="Customize display calendar">
        <span aria-hidden className="sm:hidden">
          Display
        </span>
        <span aria-hidden className="hidden sm:inline">
          Customize display calendar
        </span>
      </button>
      <Dialog open={open} onOpenChange={setOpen} title={TITLE} widthClass="max-w-xl">
        {open ? role === "fieldworker" ? <OwnCalendarsPanel onDone={() => setOpen(false)} /> : <CompanyCalendarsPanel onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function OwnCalendarsPanel({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const checking = useCalendarListRefresh();
  const query = useQuery({ ...trpc.googleSync.myCalendars.queryOptions(), refetchInterval: checking ? REFRESH_POLL_INTERVAL_MS : false });
  const body = (() => {
    if (query.isPending) return <p className="text-sm text-slate-600">Loading your calendars…</p>;
    if (query.isError) return <p role="alert" className="field-error">{trpcErrorMessage(query.error)}</p>;
    if (!query.data.connected) return <p className="text-sm text-slate-600">Connect your Google Calendar first.</p>;
    if (query.data.calendars.length === 0) return <p className="text-sm text-slate-600">Your Google account has no calendars besides the company calendar.</p>;
    return <OwnCalendarsForm email={query.data.email} initial={query.data.calendars} onDone={onDone} />;
  })();
  return (
    <div className="space-y-2">
      {body}
      <CheckingNote checking={checking} />
    </div>
  );
}

function OwnCalendarsForm({ email, initial, onDone }: { email: string; initial: OwnCalendar[]; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterSave();
  const [draft, setDraft] = useState(() => initial.map((c) => ({ id: c.id, selected: c.selected, privacy: c.privacy })));
  const save = useMutation(trpc.googleSync.updateCalendars.mutationOptions());
  // The list can change while the dialog is open (a calendar created or deleted in Google): rows follow it.
  const rowOf = (calendar: OwnCalendar) => draft.find((d) => d.id === calendar.id) ?? { id: calendar.id, selected: calendar.selected, privacy: calendar.privacy };
  const set = (calendar: OwnCalendar, change: Partial<{ selected: boolean; privacy: Privacy }>) =>
    setDraft((rows) => [...rows.filter((row) => row.id !== calendar.id), { ...rowOf(calendar), ...change }]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await save.mutateAsync({ calendars: initial.map(rowOf) });
      toast.success("Calendar display saved");
      await refresh();
      onDone();
    } catch {
      // The error stays in the form (save.error) so the fieldworker can try again.
    }
  };

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Your Google calendars">
      <p className="text-sm text-slate-600">
        Calendars of <strong>{email}</strong>. Ticked calendars appear in FieldSync, and their busy time warns your admins before they double-book you.
        FieldSync only reads them; bookings go to the company calendar.
      </p>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
        {initial.map((calendar) => {
          const row = rowOf(calendar);
          const nameId = `calendar-${calendar.id}-name`;
          return (
            <li key={calendar.id} className="px-3 py-2.5">
              <div role="group" aria-labelledby={nameId} className="space-y-2">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Swatch color={calendar.backgroundColor} />
                  <span id={nameId} className="font-medium break-all">
                    {calendar.summary}
                  </span>
                  <span className="text-xs text-slate-500">
                    {calendar.isPrimary ? "Primary · " : ""}
                    {ACCESS_ROLE[calendar.accessRole] ?? calendar.accessRole}
                  </span>
                  <label className="ml-auto flex items-center gap-1.5 text-sm">
                    <input type="checkbox" checked={row.selected} onChange={(e) => set(calendar, { selected: e.target.checked })} />
                    Show in FieldSync
                  </label>
                </div>
                {row.selected ? (
                  <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                    <legend className="float-left mr-3 text-slate-600">Admins see:</legend>
                    {(
                      [
                        ["details", "Event details"],
                        ["busy", "Busy only"],
                      ] as const
                    ).map(([value, label]) => (
                      <label key={value} className="flex items-center gap-1.5">
                        <input
                          type="radio"
                          name={`privacy-${calendar.id}`}
                          value={value}
                          checked={row.privacy === value}
                          onChange={() => set(calendar, { privacy: value })}
                        />
                        {label}
                      </label>
                    ))}
                  </fieldset>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-slate-500">Events you mark private in Google always show to admins as “Busy”.</p>
      {save.isError ? (
        <p role="alert" className="field-error">
          {trpcErrorMessage(save.error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}

function CompanyCalendarsPanel({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const checking = useCalendarListRefresh();
  const query = useQuery({ ...trpc.googleSync.companyCalendars.queryOptions(), refetchInterval: checking ? REFRESH_POLL_INTERVAL_MS : false });
  const body = (() => {
    if (query.isPending) return <p className="text-sm text-slate-600">Loading calendars…</p>;
    if (query.isError) return <p role="alert" className="field-error">{trpcErrorMessage(query.error)}</p>;
    if (query.data.length === 0) {
      return <p className="text-sm text-slate-600">No fieldworker has shared a Google calendar yet. Calendars appear here once fieldworkers connect and choose them.</p>;
    }
    return <CompanyCalendarsForm groups={query.data} onDone={onDone} />;
  })();
  return (
    <div className="space-y-2">
      {body}
      <CheckingNote checking={checking} />
    </div>
  );
}

function CompanyCalendarsForm({ groups, onDone }: { groups: CompanyGroup[]; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterSave();
  const initial = new Map(groups.flatMap((g) => g.calendars.map((c) => [c.id, c.display] as const)));
  const [draft, setDraft] = useState(() => new Map(initial));
  const setDisplay = useMutation(trpc.googleSync.setCalendarDisplay.mutationOptions());

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const changed = [...draft].filter(([id, display]) => initial.get(id) !== display);
    try {
      for (const [id, display] of changed) await setDisplay.mutateAsync({ id, display });
      toast.success("Calendar display saved");
      await refresh();
      onDone();
    } catch {
      await refresh();
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Fieldworkers' Google calendars">
      <p className="text-sm text-slate-600">
        Calendars your fieldworkers chose to share. Untick one to hide its events from the FieldSync calendar; its busy time still warns you before
        double-booking.
      </p>
      {groups.map((group) => (
        <section key={group.fieldworkerId} aria-label={group.fieldworkerName}>
          <h3 className="text-sm font-semibold">
            {group.fieldworkerName} <span className="font-normal text-slate-500">· {group.googleEmail}</span>
          </h3>
          <ul className="mt-1 divide-y divide-slate-200 rounded-md border border-slate-200">
            {group.calendars.map((calendar) => {
              const nameId = `admin-calendar-${group.fieldworkerId}-${calendar.id}`;
              return (
                <li key={calendar.id} role="group" aria-labelledby={nameId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                  <Swatch color={calendar.backgroundColor} />
                  <span id={nameId} className="font-medium break-all">
                    {calendar.summary}
                  </span>
                  <span className="text-xs text-slate-500">{calendar.privacy === "busy" ? "Busy only" : "Event details"}</span>
                  <label className="ml-auto flex items-center gap-1.5">
                    <input
                      type="checkbox"
                      checked={draft.get(calendar.id) ?? true}
                      onChange={(e) => setDraft((d) => new Map(d).set(calendar.id, e.target.checked))}
                    />
                    Display
                  </label>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {setDisplay.isError ? (
        <p role="alert" className="field-error">
          {trpcErrorMessage(setDisplay.error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={setDisplay.isPending}>
          {setDisplay.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
