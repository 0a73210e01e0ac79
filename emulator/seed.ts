import type { calendar_v3 } from "@googleapis/calendar";
import { z } from "zod";
import { createEvent } from "./event-actions";
import type { Store } from "./store";
import { formatInZone } from "./time";

const eventSeed = z.record(z.string(), z.unknown());

const calendarSeed = z.object({
  id: z.string().min(1).optional(),
  summary: z.string().min(1),
  description: z.string().optional(),
  timeZone: z.string().optional(),
  events: z.array(eventSeed).default([]),
  sharedWith: z.array(z.object({ email: z.string(), role: z.enum(["owner", "writer", "reader", "freeBusyReader"]) })).default([]),
});

const userSeed = z.object({
  email: z.email(),
  name: z.string().optional(),
  timeZone: z.string().default("UTC"),
  /** Events on the user's primary calendar. */
  events: z.array(eventSeed).default([]),
  calendars: z.array(calendarSeed).default([]),
});

export const clientSeed = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).default([]),
  projectName: z.string().optional(),
});

export const seedSchema = z.object({
  users: z.array(userSeed).default([]),
  clients: z.array(clientSeed).default([]),
});

export type Seed = z.input<typeof seedSchema>;

/** Adds the seed's users, calendars, events and clients to the store (existing users are kept). */
export function applySeed(store: Store, input: unknown): void {
  const seed = seedSchema.parse(input);
  for (const c of seed.clients) {
    store.clients.set(c.clientId, { ...c, projectName: c.projectName ?? c.clientId });
  }
  for (const u of seed.users) {
    const user = store.ensureUser(u.email, u.name, u.timeZone);
    const primary = store.calendars.get(user.email);
    if (primary) {
      primary.timeZone = u.timeZone;
      for (const e of u.events) createEvent(store, primary, e as calendar_v3.Schema$Event, user.email);
    }
    for (const c of u.calendars) {
      const id = c.id ?? `${c.summary.toLowerCase().replace(/[^a-z0-9]+/g, "")}.${user.email.split("@")[0] ?? "x"}@group.calendar.google.com`;
      const cal =
        store.calendars.get(id) ??
        store.addCalendar({
          id,
          summary: c.summary,
          ...(c.description ? { description: c.description } : {}),
          timeZone: c.timeZone ?? u.timeZone,
          ownerEmail: user.email,
        });
      for (const share of c.sharedWith) {
        store.ensureUser(share.email);
        store.addListEntry(share.email.toLowerCase(), cal.id, share.role);
      }
      for (const e of c.events) createEvent(store, cal, e as calendar_v3.Schema$Event, user.email);
    }
  }
  store.changed();
}

/** Two fieldworkers with a few events this week, relative to the emulator's clock. */
export function defaultSeed(nowMs: number): Seed {
  const day = 24 * 3600 * 1000;
  const at = (days: number, hour: number, tz: string) => {
    const base = new Date(nowMs + days * day);
    base.setUTCHours(hour, 0, 0, 0);
    return formatInZone(base.getTime(), tz);
  };
  const tz = "Europe/Berlin";
  return {
    users: [
      {
        email: "alex.fieldworker@gmail.com",
        name: "Alex Fieldworker",
        timeZone: tz,
        events: [
          { summary: "Dentist", start: { dateTime: at(1, 8, tz), timeZone: tz }, end: { dateTime: at(1, 9, tz), timeZone: tz } },
          { summary: "Team breakfast", start: { dateTime: at(2, 7, tz), timeZone: tz }, end: { dateTime: at(2, 8, tz), timeZone: tz }, location: "Cafe Central" },
        ],
        calendars: [{ summary: "Private", events: [{ summary: "Gym", start: { dateTime: at(1, 17, tz), timeZone: tz }, end: { dateTime: at(1, 18, tz), timeZone: tz } }] }],
      },
      {
        email: "sam.technician@gmail.com",
        name: "Sam Technician",
        timeZone: tz,
        events: [{ summary: "Day off", start: { date: at(3, 12, "UTC").slice(0, 10) }, end: { date: at(4, 12, "UTC").slice(0, 10) }, transparency: "transparent" }],
      },
    ],
  };
}
