"use client";

import { formatDistanceToNow } from "date-fns";
import { useEffect, useState } from "react";

/** The relative label goes stale as time passes, so it re-renders on its own. */
const TICK_MS = 20_000;

/** "Last synced 2 minutes ago": when FieldSync last read the shown fieldworkers' Google calendars. Nothing when none is connected. */
export function LastSynced({ at }: { at: Date | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  if (!at) return null;
  // A clock a little behind the server would otherwise say "in a few seconds".
  const shown = new Date(Math.min(at.getTime(), now));
  return (
    <p className="mb-1 text-right text-xs text-slate-500" data-testid="last-synced" title={`Google Calendar last read ${at.toLocaleString("en-AU")}`}>
      Last synced {formatDistanceToNow(shown, { addSuffix: true })}
    </p>
  );
}
