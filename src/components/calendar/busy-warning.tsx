"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTRPC, type RouterOutputs } from "~/trpc/react";

type Overlap = RouterOutputs["calendar"]["busyOverlaps"][number];

/** Typing a time fires a change per keystroke; ask the server once the admin pauses. */
const CHECK_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function overlapText(overlap: Overlap, timeZone: string): string {
  const time = new Intl.DateTimeFormat("en-AU", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const day = new Intl.DateTimeFormat("en-AU", { weekday: "short", day: "numeric", month: "short", timeZone });
  const span = overlap.allDay
    ? `all day ${day.format(overlap.startsAt)}`
    : day.format(overlap.startsAt) === day.format(overlap.endsAt)
      ? `${time.format(overlap.startsAt)}–${time.format(overlap.endsAt)}`
      : `${day.format(overlap.startsAt)} ${time.format(overlap.startsAt)} – ${day.format(overlap.endsAt)} ${time.format(overlap.endsAt)}`;
  const what = overlap.detailsHidden ? "" : ` (${overlap.title})`;
  return `${overlap.fieldworkerName} is busy in Google Calendar ${span}${what}`;
}

/**
 * The double-booking guard: warns, never blocks, when a chosen fieldworker's Google calendar shows busy
 * time overlapping the booking. Google can be a little ahead of FieldSync, so this is a heads-up only.
 */
export function BusyWarning({ fieldworkerIds, startsAt, endsAt, timeZone }: { fieldworkerIds: string[]; startsAt?: Date; endsAt?: Date; timeZone: string }) {
  const trpc = useTRPC();
  // A string key, so the debounce sees a change only when the slot or the people really change.
  const key = startsAt && endsAt && endsAt > startsAt && fieldworkerIds.length > 0 ? [startsAt.toISOString(), endsAt.toISOString(), ...[...fieldworkerIds].sort()].join(",") : "";
  const debouncedKey = useDebounced(key, CHECK_DEBOUNCE_MS);
  const input = useMemo(() => {
    if (!debouncedKey) return null;
    const [start, end, ...ids] = debouncedKey.split(",");
    return { fieldworkerIds: ids, startsAt: new Date(start!), endsAt: new Date(end!) };
  }, [debouncedKey]);
  const overlaps = useQuery({
    ...trpc.calendar.busyOverlaps.queryOptions(input ?? { fieldworkerIds: [], startsAt: new Date(0), endsAt: new Date(0) }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
  });
  const items = input && key && overlaps.data ? overlaps.data : [];
  return (
    <div role="status" aria-live="polite">
      {items.length > 0 ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">Possible double booking</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {items.map((overlap) => (
              <li key={overlap.id}>{overlapText(overlap, timeZone)}</li>
            ))}
          </ul>
          <p className="mt-1 text-xs">You can still save the booking.</p>
        </div>
      ) : null}
    </div>
  );
}
