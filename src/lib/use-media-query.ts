"use client";

import { useCallback, useSyncExternalStore } from "react";

/** Tailwind's `sm` breakpoint: narrower than this is a phone. */
export const PHONE_QUERY = "(max-width: 639px)";

/** Whether a CSS media query matches, following changes (rotation, resizing). False on the server. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_QUERY);
}
