import { readCalendarVersion } from "../db/queries/calendar-versions";
import type { Db } from "../db/client";
import { calendarChangeFeed } from "./calendar-change-feed";
import { latestValue } from "./latest-value";

/**
 * The versions an open calendar must hear: the current one first (unless the client already had it when it
 * reconnected with `lastVersion`), then each newer one, until `signal` aborts (the client left, or the stream
 * reached its maximum duration and the client reconnects). Versions that pile up while one is being sent are
 * collapsed into the newest.
 */
export async function* calendarVersionStream(db: Db, companyId: string, lastVersion: number | null, signal: AbortSignal | undefined): AsyncGenerator<number> {
  const pending = latestValue<number>();
  // Watch before reading, so a change committed in between is heard by one or the other.
  const unwatch = calendarChangeFeed(db).watch(companyId, (version) => pending.push(version));
  try {
    let last = lastVersion;
    pending.push(await readCalendarVersion(db, companyId));
    for (;;) {
      const version = await pending.next(signal);
      if (version === null) return;
      if (last !== null && version <= last) continue;
      last = version;
      yield version;
    }
  } finally {
    unwatch();
  }
}
