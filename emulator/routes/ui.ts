import type { calendar_v3 } from "@googleapis/calendar";
import type { EmulatorContext } from "../context";
import type { CalendarRecord } from "../entities";
import { GoogleApiError } from "../errors";
import { createEvent, deleteEvent, findEvent, patchEvent } from "../event-actions";
import { escapeHtml, page } from "../html";
import { html, readForm, redirect, type EmuRequest, type Router } from "../http";
import { expandRecurring } from "../recurrence";
import { exceptionIds } from "../series";
import { dateTimeToMs, eventTimeToMs, formatInZone } from "../time";

const DAY_MS = 86_400_000;

function weekEvents(ctx: EmulatorContext, cal: CalendarRecord, fromMs: number, toMs: number): calendar_v3.Schema$Event[] {
  const out: calendar_v3.Schema$Event[] = [];
  // A stored exception (moved or cancelled occurrence) stands in for the instance the rule would yield.
  const exceptions = exceptionIds(ctx.store, cal.id);
  for (const { event } of ctx.store.eventsOf(cal.id).values()) {
    if (event.status === "cancelled") continue;
    if (event.recurrence?.length) {
      out.push(...expandRecurring(event, cal.timeZone, { fromMs, toMs, nowMs: ctx.store.now() }).filter((i) => !exceptions.has(i.id ?? "")));
      continue;
    }
    const s = eventTimeToMs(event.start ?? undefined, cal.timeZone);
    const e = eventTimeToMs(event.end ?? undefined, cal.timeZone);
    if (e > fromMs && s < toMs) out.push(event);
  }
  const key = (e: calendar_v3.Schema$Event) => eventTimeToMs(e.start ?? undefined, cal.timeZone);
  return out.sort((a, b) => key(a) - key(b));
}

function when(e: calendar_v3.Schema$Event, tz: string): string {
  if (e.start?.date) return `${e.start.date} (all day)`;
  const s = formatInZone(eventTimeToMs(e.start ?? undefined, tz), tz);
  const end = formatInZone(eventTimeToMs(e.end ?? undefined, tz), tz);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}–${end.slice(11, 16)}`;
}

function localInput(ms: number, tz: string): string {
  return formatInZone(ms, tz).slice(0, 16);
}

function calendarSection(ctx: EmulatorContext, email: string, cal: CalendarRecord, fromMs: number, toMs: number): string {
  const events = weekEvents(ctx, cal, fromMs, toMs);
  const hidden = `<input type="hidden" name="email" value="${escapeHtml(email)}"><input type="hidden" name="calendarId" value="${escapeHtml(cal.id)}">`;
  const rows = events
    .map((e, i) => {
      const editable = !e.recurringEventId;
      const startMs = eventTimeToMs(e.start ?? undefined, cal.timeZone);
      const fieldId = `move-${escapeHtml(cal.id)}-${i}`;
      return `<tr><td>${escapeHtml(when(e, cal.timeZone))}</td><td>${escapeHtml(e.summary ?? "(No title)")}${e.recurringEventId ? ' <span class="muted">(repeats)</span>' : ""}${e.transparency === "transparent" ? ' <span class="muted">(free)</span>' : ""}</td>
<td>${editable && !e.start?.date ? `<form method="post" action="/ui/events/move">${hidden}<input type="hidden" name="eventId" value="${escapeHtml(e.id)}">
<label for="${fieldId}">New start</label> <input type="datetime-local" id="${fieldId}" name="start" value="${localInput(startMs, cal.timeZone)}" required>
<button type="submit">Move</button></form>` : ""}
${editable ? `<form method="post" action="/ui/events/delete">${hidden}<input type="hidden" name="eventId" value="${escapeHtml(e.id)}"><button type="submit" aria-label="Delete ${escapeHtml(e.summary ?? "event")}">Delete</button></form>` : ""}</td></tr>`;
    })
    .join("\n");
  const formId = `new-${escapeHtml(cal.id)}`;
  return `<section aria-labelledby="h-${formId}"><h3 id="h-${formId}">${escapeHtml(cal.summary)} <span class="muted">${escapeHtml(cal.id)} · ${escapeHtml(cal.timeZone)}</span></h3>
<table><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Actions</th></tr></thead><tbody>${rows || '<tr><td colspan="3" class="muted">No events this week</td></tr>'}</tbody></table>
<form method="post" action="/ui/events/create">${hidden}
<label for="${formId}-summary">Title</label> <input type="text" id="${formId}-summary" name="summary" required>
<label for="${formId}-start">Start</label> <input type="datetime-local" id="${formId}-start" name="start" value="${localInput(fromMs + 9 * 3600_000, cal.timeZone)}" required>
<label for="${formId}-minutes">Minutes</label> <input type="number" id="${formId}-minutes" name="minutes" value="60" min="1">
<button type="submit">Add event</button></form></section>`;
}

export function registerUi(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;

  router.add("GET", "/", (req) => {
    const week = Number(req.query.get("week") ?? "0") || 0;
    const today = new Date(store.now());
    today.setUTCHours(0, 0, 0, 0);
    const fromMs = today.getTime() + week * 7 * DAY_MS;
    const toMs = fromMs + 7 * DAY_MS;
    const users = [...store.users.values()]
      .map((u) => {
        const cals = store
          .listEntriesOf(u.email)
          .map((e) => store.calendars.get(e.calendarId))
          .filter((c): c is CalendarRecord => c !== undefined)
          .map((c) => calendarSection(ctx, u.email, c, fromMs, toMs))
          .join("\n");
        return `<article><h2>${escapeHtml(u.name)} <span class="muted">${escapeHtml(u.email)}</span></h2>${cals}</article>`;
      })
      .join("\n");
    const problem = req.query.get("error");
    return html(
      200,
      page(
        "Google accounts - emulator",
        `<h1>Google Calendar, as the fieldworkers see it</h1>
${problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ""}
<p>Week of ${escapeHtml(new Date(fromMs).toISOString().slice(0, 10))} · <a href="/?week=${week - 1}">Previous week</a> · <a href="/?week=${week + 1}">Next week</a></p>
${users || '<p class="muted">No Google accounts yet: sign in through the app, or seed some with POST /_emulator/seed.</p>'}`,
      ),
    );
  });

  const act = (fn: (form: URLSearchParams, cal: CalendarRecord, email: string) => void) => (req: EmuRequest) => {
    const form = readForm(req);
    const email = (form.get("email") ?? "").toLowerCase();
    const cal = store.calendars.get(form.get("calendarId") ?? "");
    const entry = cal ? store.listEntry(email, cal.id) : undefined;
    try {
      if (!cal || !entry || (entry.accessRole !== "owner" && entry.accessRole !== "writer")) throw new Error("That calendar cannot be edited by this account.");
      fn(form, cal, email);
      return redirect("/", 303);
    } catch (err) {
      const message = err instanceof GoogleApiError || err instanceof Error ? err.message : "Failed";
      return redirect(`/?error=${encodeURIComponent(message)}`, 303);
    }
  };

  router.add(
    "POST",
    "/ui/events/create",
    act((form, cal, email) => {
      const startMs = dateTimeToMs(form.get("start") ?? "", cal.timeZone);
      const minutes = Math.max(1, Number(form.get("minutes") ?? "60") || 60);
      createEvent(
        store,
        cal,
        {
          summary: form.get("summary") ?? "",
          start: { dateTime: formatInZone(startMs, cal.timeZone), timeZone: cal.timeZone },
          end: { dateTime: formatInZone(startMs + minutes * 60_000, cal.timeZone), timeZone: cal.timeZone },
        },
        email,
      );
    }),
  );

  router.add(
    "POST",
    "/ui/events/move",
    act((form, cal) => {
      const record = findEvent(store, cal.id, form.get("eventId") ?? "");
      const oldStart = eventTimeToMs(record.event.start ?? undefined, cal.timeZone);
      const oldEnd = eventTimeToMs(record.event.end ?? undefined, cal.timeZone);
      const tz = record.event.start?.timeZone ?? cal.timeZone;
      const startMs = dateTimeToMs(form.get("start") ?? "", tz);
      patchEvent(store, cal, record, {
        start: { dateTime: formatInZone(startMs, tz), timeZone: tz },
        end: { dateTime: formatInZone(startMs + (oldEnd - oldStart), tz), timeZone: tz },
      });
    }),
  );

  router.add(
    "POST",
    "/ui/events/delete",
    act((form, cal) => deleteEvent(store, cal, findEvent(store, cal.id, form.get("eventId") ?? ""))),
  );
}
