import type { calendar_v3 } from "@googleapis/calendar";
import { SyncError } from "../../google/sync-error";
import type { GoogleSession } from "./google-session";

export type WriteResult = { kind: "written"; event: calendar_v3.Schema$Event } | { kind: "stale"; current: calendar_v3.Schema$Event };

/**
 * The one If-Match write: sends `write` with the etag we last saw (when we have one). A 412 means someone
 * changed the event in Google since, so the caller gets the current version to apply the ownership rules
 * before writing again.
 */
async function writeIfMatch(
  session: GoogleSession,
  calendarId: string,
  eventId: string,
  etag: string | null,
  write: (api: calendar_v3.Calendar, options: { headers?: Record<string, string> }) => Promise<{ data: calendar_v3.Schema$Event }>,
): Promise<WriteResult> {
  try {
    const { data } = await session.call((api) => write(api, etag ? { headers: { "If-Match": etag } } : {}));
    return { kind: "written", event: data };
  } catch (error) {
    if (error instanceof SyncError && error.code === "CONFLICT" && error.status === 412) {
      const { data } = await session.call((api) => api.events.get({ calendarId, eventId }));
      return { kind: "stale", current: data };
    }
    throw error;
  }
}

/**
 * Makes Google hold `desired` under its deterministic id. Updates carry the etag we last saw (If-Match). An
 * insert that meets 409 (our own earlier attempt whose database commit was lost, or a copy deleted in Google,
 * which keeps its id) takes over that event.
 */
export async function writeEventCopy(
  session: GoogleSession,
  calendarId: string,
  desired: calendar_v3.Schema$Event & { id: string },
  knownEtag: string | null,
): Promise<WriteResult> {
  const eventId = desired.id;
  const update = (etag: string | null) =>
    writeIfMatch(session, calendarId, eventId, etag, (api, options) => api.events.update({ calendarId, eventId, requestBody: { ...desired, status: "confirmed" } }, options));

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

/** Changes some fields of our copy (If-Match, like every write), leaving the rest as Google holds it. */
export async function patchEventCopy(
  session: GoogleSession,
  calendarId: string,
  eventId: string,
  patch: calendar_v3.Schema$Event,
  knownEtag: string | null,
): Promise<WriteResult> {
  return writeIfMatch(session, calendarId, eventId, knownEtag, (api, options) => api.events.patch({ calendarId, eventId, requestBody: patch }, options));
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
