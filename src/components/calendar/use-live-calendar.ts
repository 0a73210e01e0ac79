"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";

/**
 * Keeps the shown calendar ranges current. The server streams the company's calendar version (`calendar.changes`,
 * server-sent events); each `calendar.range` answer carries the version it was read at. A range older than the
 * newest version heard is refetched, and nothing else: a quiet calendar fetches nothing. A reconnect (the stream
 * ends every 50 s on purpose) sends the current version first when it moved meanwhile, so missed changes resolve
 * by the same refetch. `shown` is the range on screen: its version, and when its data last arrived. A fetch that
 * started before the change returns an older version, and the new data makes this check again; a failed fetch
 * brings no data, so a server that keeps failing is not asked again in a loop.
 */
export function useLiveCalendar(shown: { version: number | undefined; dataUpdatedAt: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<number | null>(null);
  useSubscription(trpc.calendar.changes.subscriptionOptions(undefined, { onData: (event) => setLatest(event.data.version) }));

  useEffect(() => {
    if (latest === null) return;
    const olderThanLatest = (data: unknown) => typeof data === "object" && data !== null && "version" in data && typeof data.version === "number" && data.version < latest;
    // Ranges on screen refetch now, the others when shown again; a fetch already running is left to finish.
    void queryClient.invalidateQueries({ ...trpc.calendar.range.pathFilter(), predicate: (query) => olderThanLatest(query.state.data) }, { cancelRefetch: false });
    // An open booking dialog keeps its form; the next one opened reads the booking afresh.
    void queryClient.invalidateQueries({ ...trpc.bookings.get.pathFilter(), refetchType: "none" });
  }, [latest, shown.version, shown.dataUpdatedAt, queryClient, trpc]);
}
