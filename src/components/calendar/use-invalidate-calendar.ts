"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "~/trpc/react";

/** Refetches every loaded calendar range (and cached booking details) after a write. */
export function useInvalidateCalendar() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.calendar.range.pathFilter()),
        queryClient.invalidateQueries(trpc.bookings.get.pathFilter()),
      ]),
    [queryClient, trpc],
  );
}
