import type { calendar_v3 } from "@googleapis/calendar";
import { eventContentHash } from "./content-hash";
import { isWithinWindow } from "./parse-google-event";
import type { ParsedGoogleEvent } from "./types";

/** One event of an `events.list` page: Google's item and what FieldSync reads from it. */
export interface PulledEvent {
  item: calendar_v3.Schema$Event;
  parsed: ParsedGoogleEvent;
}

/** What becomes of one of our own copies that Google listed (company calendar only). */
export type OwnEventFate =
  /** In Google with no row here: a worker wrote it and died before committing. Adopted, then pushed. */
  | { fate: "orphan"; event: ParsedGoogleEvent; googleContentHash: string }
  /** Our own write coming back (same etag): nothing changed in Google. */
  | { fate: "echo"; event: ParsedGoogleEvent }
  /** Changed in Google since our write: the ownership rules decide (own-event-change.ts). */
  | { fate: "changed"; event: ParsedGoogleEvent; googleContentHash: string };

export interface PagePlan {
  /** Foreign events live in the sync window: stored (upserted). */
  live: ParsedGoogleEvent[];
  /** Foreign events cancelled, without times, or outside the window: their stored copies go. */
  gone: string[];
  own: OwnEventFate[];
}

export interface PageContext {
  /** The company calendar holds our copies; every other synced calendar holds foreign events. */
  isCompanyCalendar: boolean;
  companyId: string;
  window: { start: Date; end: Date };
  /** The etag we stored for each of our copies in this calendar, by Google event id (company calendar only). */
  storedEtags: ReadonlyMap<string, string | null>;
}

/**
 * Decides the fate of every event of one pulled page; io carries the plan out. On an imported calendar only
 * foreign events count (an event with our private properties but no company is a foreign one that copied
 * them); on the company calendar only our own copies of this company do, and nobody else's. Pure.
 */
export function planPage(page: PulledEvent[], ctx: PageContext): PagePlan {
  const plan: PagePlan = { live: [], gone: [], own: [] };
  for (const { item, parsed } of page) {
    if (!parsed.googleEventId) continue;
    if (!ctx.isCompanyCalendar) {
      if (parsed.kind !== "foreign" && parsed.companyId !== null) continue;
      const live = !parsed.cancelled && parsed.startsAt && parsed.endsAt && isWithinWindow(parsed, ctx.window);
      if (live) plan.live.push(parsed);
      else plan.gone.push(parsed.googleEventId);
      continue;
    }
    if (parsed.kind === "foreign" || (parsed.companyId !== null && parsed.companyId !== ctx.companyId)) continue;
    if (!ctx.storedEtags.has(parsed.googleEventId)) {
      if (!parsed.cancelled) plan.own.push({ fate: "orphan", event: parsed, googleContentHash: eventContentHash(item) });
      continue;
    }
    const storedEtag = ctx.storedEtags.get(parsed.googleEventId);
    if (parsed.etag && parsed.etag === storedEtag) plan.own.push({ fate: "echo", event: parsed });
    else plan.own.push({ fate: "changed", event: parsed, googleContentHash: eventContentHash(item) });
  }
  return plan;
}
