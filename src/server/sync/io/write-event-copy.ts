import type { calendar_v3 } from "@googleapis/calendar";
import { SyncError } from "../../google/sync-error";
import type { GoogleSession } from "./google-session";

export type WriteResult = { kind: "written"; event: calendar_v3.Schema$Event } | { kind: "stale"; current: calendar_v3.Schema$Event };

/**
 * Makes Google hold `desired` under its deterministic id. Updates carry the etag we last saw (If-Match):
 * a 412 means someone changed the event in Google since, so the caller gets the current version to
 * apply the ownership rules before writing again. An insert that meets 409 (our own earlier attempt
 * whose database commit was lost, or a copy deleted in Google, which keeps its id) takes over that event.
 */
export async function writeEventCopy(
  session: GoogleSession,
  calendarId: string,
  desired: calendar_v3.Schema$Event & { id: string },
  knownEtag: string | null,
): Promise<WriteResult> {
  const eventId = desired.id;
  const update = async (etag: string | null): Promise<WriteResult> => {
    try {
      const { data } = await session.call((api) =>
        api.events.update(
          { calendarId, eventId, requestBody: { ...desired, status: "confirmed" } },
          etag ? { headers: { "If-Match": etag } } : {},
        ),
      );
      return { kind: "written", event: data };
    } catch (error) {
      if (error instanceof SyncError && error.code === "CONFLICT" && error.status === 412) {
        const { data } = await session.call((api) => api.events.get({ calendarId, eventId }));
        return { kind: "stale", current: data };
      }
      throw error;
    }
  };

  if (knownEtag) {
    try {
      return await update(knownEtag);
    } catch (error) {
      // Gone from Google entirely (calendar cleaned up): write it afresh below.
      if (!(error instanceof SyncError && error.code === "NOT_FOUND")) throw error;
    }
  }
  try {
    const { data } = await session.call((api) => api.events.insert({ calendarId, requestBody: desired }));
    return { kind: "written", event: data };
  } catch (error) {
    if (!(error instanceof SyncError && error.code === "CONFLICT")) throw error;
    const { data } = await session.call((api) => api.events.get({ calendarId, eventId }));
    return update(data.etag ?? null);
  }
}

/** Deletes our copy; already gone (404/410) is success. */
export async function deleteEventCopy(session: GoogleSession, calendarId: string, eventId: string): Promise<void> {
  try {
    await session.call((api) => api.events.delete({ calendarId, eventId }));
  } catch (error) {
    if (error instanceof SyncError && error.code === "NOT_FOUND") return;
    throw error;
  }
}
