"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  addDays,
  addMinutes,
  differenceInMinutes,
  endOfDay,
  endOfMonth,
  endOfWeek,
  format,
  getDay,
  parse,
  setHours,
  startOfDay,
  startOfMonth,
  startOfWeek,
} from "date-fns";
import { enAU } from "date-fns/locale";
import { useCallback, useMemo, useRef, useState } from "react";
import { Calendar, dateFnsLocalizer, Views, type EventProps, type SlotInfo, type View } from "react-big-calendar";
import withDragAndDrop, { type EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop";
import { toast } from "sonner";
import { MONTH_VIEW_ITEMS_PER_DAY } from "~/lib/month-view";
import { readableTextColor } from "~/lib/readable-text-color";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { useIsPhone } from "~/lib/use-media-query";
import { useTRPC } from "~/trpc/react";
import type { CalendarEvent, CalendarOptions, CalendarRangeData, DialogState, Viewer } from "./types";
import { TimeViewDayHeader, useCalendarA11yRepair } from "./calendar-a11y";
import { CalendarToolbar } from "./calendar-toolbar";
import { CrewWeekView } from "./crew-week-view";
import { EventPreview, type PreviewTarget } from "./event-preview";
import { importedEventStyle } from "./imported-event-style";
import { laneEvents, lanesAvailable, lanesFor, type Lane, type LaneEvent } from "./lanes";
import { LaneToggle } from "./lane-toggle";
import { LastSynced } from "./last-synced";
import { MonthOverflowContext, MonthShowMore } from "./month-show-more";
import { useInvalidateCalendar } from "./use-invalidate-calendar";
import { useLiveCalendar } from "./use-live-calendar";
import { fromWallClock, toWallClock } from "./zoned-time";
import { NOT_IN_GOOGLE_EVENT_STYLE, NOT_IN_GOOGLE_LABEL, NotInGoogleMark } from "~/components/google/conflict-badge";

const localizer = dateFnsLocalizer({ format, parse, startOfWeek, getDay, locales: { "en-AU": enAU } });
const DnDCalendar = withDragAndDrop<CalendarEvent, Lane>(Calendar);
const WEEK_OPTIONS = { weekStartsOn: 1 } as const;
/** react-big-calendar's agenda shows this many days from the current date. */
const AGENDA_LENGTH_DAYS = 30;
const VIEWS: View[] = [Views.MONTH, Views.WEEK, Views.DAY, Views.AGENDA];
/** A phone's column fits one day: seven day columns or a month grid would show events as "8" or "1". */
const PHONE_VIEWS: View[] = [Views.DAY, Views.AGENDA];
/** "By fieldworker": the week becomes a crew board (one row per fieldworker); the day gets a column per fieldworker. */
const LANE_VIEWS = { month: true, week: CrewWeekView, day: true, agenda: true };
const PHONE_LANE_VIEWS = { day: true, agenda: true };

/** The wall-clock span a view shows around `date`, padded a day each side for time-zone edges. */
function visibleWallRange(view: View, date: Date): { start: Date; end: Date } {
  let start: Date;
  let end: Date;
  switch (view) {
    case Views.MONTH:
      start = startOfWeek(startOfMonth(date), WEEK_OPTIONS);
      end = endOfWeek(endOfMonth(date), WEEK_OPTIONS);
      break;
    case Views.DAY:
      start = startOfDay(date);
      end = endOfDay(date);
      break;
    case Views.AGENDA:
      start = startOfDay(date);
      end = endOfDay(addDays(date, AGENDA_LENGTH_DAYS));
      break;
    default:
      start = startOfWeek(date, WEEK_OPTIONS);
      end = endOfWeek(date, WEEK_OPTIONS);
  }
  return { start: addDays(start, -1), end: addDays(end, 1) };
}

function initialView(): View {
  return window.matchMedia("(max-width: 639px)").matches ? Views.DAY : Views.WEEK;
}

/** Event keys: Enter and Space open an event, as a click does. */
const OPEN_KEYS = new Set(["Enter", " "]);

/** Short event times ("8:00–9:30"): the grid already says morning or afternoon, the chip's width is for the customer. */
const FORMATS = {
  eventTimeRangeFormat: ({ start, end }: { start: Date; end: Date }) => `${format(start, "h:mm")}–${format(end, "h:mm")}`,
};

const HATCHED: React.CSSProperties = {
  backgroundColor: "#e2e8f0",
  backgroundImage: "repeating-linear-gradient(135deg, #e2e8f0 0 6px, #cbd5e1 6px 12px)",
  color: "#1e293b",
  border: "1px solid #94a3b8",
};

function EventContent({ event }: EventProps<CalendarEvent>) {
  if (event.kind === "google") {
    const g = event.google;
    return (
      <span className="block text-[13px] leading-tight">
        <span className="block truncate font-medium">{event.title}</span>
        <span className="block truncate text-[11px]">{[g.calendar.name, g.fieldworkerName].join(" · ")}</span>
      </span>
    );
  }
  if (event.kind === "booking") {
    const b = event.booking;
    // Customer first: it is what a dispatcher scans for, and it survives a narrow column best.
    return (
      <span className="fs-chip">
        <span className="fs-chip-title">
          {b.notInGoogle ? <NotInGoogleMark /> : null}
          {b.customer.name}
        </span>
        <span className="fs-chip-line">{b.serviceName}</span>
        <span className="fs-chip-meta">{[b.status.name, b.suburb, b.fieldworkers.map((f) => f.name).join(", ")].filter(Boolean).join(" · ")}</span>
      </span>
    );
  }
  return (
    <span className="block text-[13px] leading-tight">
      <span className="block truncate font-medium">{event.title}</span>
      <span className="block truncate text-[11px]">{event.block.fieldworkerName}</span>
    </span>
  );
}

export interface CalendarBoardProps {
  options: CalendarOptions;
  viewer: Viewer;
  /** Admin filter; empty means every fieldworker. Ignored for fieldworkers (the server scopes them). */
  fieldworkerIds: string[];
  onOpenDialog: (dialog: DialogState) => void;
}

/**
 * react-big-calendar with drag-and-drop. Loads the visible range through tRPC, refetching when the view,
 * date or filter changes. Times are shown in the company time zone (see zoned-time.ts).
 */
export function CalendarBoard({ options, viewer, fieldworkerIds, onOpenDialog }: CalendarBoardProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCalendar();
  const tz = options.timeZone;
  const isAdmin = viewer.role === "admin";
  const isPhone = useIsPhone();
  const [chosenView, setView] = useState<View>(initialView);
  // Turning a tablet to portrait (or narrowing a window) leaves the views a phone cannot show.
  const view = isPhone && !PHONE_VIEWS.includes(chosenView) ? Views.DAY : chosenView;
  const boardRef = useRef<HTMLDivElement>(null);
  useCalendarA11yRepair(boardRef);
  const [date, setDate] = useState(() => toWallClock(new Date(), tz));
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
  const [lanesOn, setLanesOn] = useState(false);
  const lanes = useMemo(() => lanesFor(options.fieldworkers, isAdmin ? fieldworkerIds : []), [options.fieldworkers, isAdmin, fieldworkerIds]);
  const canShowLanes = lanesAvailable(view, isAdmin, lanes.length);
  const showLanes = lanesOn && canShowLanes;

  const rangeInput = useMemo(() => {
    const wall = visibleWallRange(view, date);
    return {
      start: fromWallClock(wall.start, tz),
      end: fromWallClock(wall.end, tz),
      fieldworkerIds: isAdmin && fieldworkerIds.length > 0 ? fieldworkerIds : undefined,
      // A month cell shows a few items: the server sends the first of each day and counts the rest.
      dayLimit: view === Views.MONTH ? MONTH_VIEW_ITEMS_PER_DAY : undefined,
    };
  }, [view, date, tz, isAdmin, fieldworkerIds]);
  const rangeQuery = trpc.calendar.range.queryOptions(rangeInput);
  // No polling and no refetch on focus: the live version (use-live-calendar.ts) says when the range is out of date.
  const range = useQuery({ ...rangeQuery, placeholderData: keepPreviousData, refetchOnWindowFocus: false });
  useLiveCalendar({ version: range.data?.version, dataUpdatedAt: range.dataUpdatedAt });

  const events = useMemo<CalendarEvent[]>(() => {
    if (!range.data) return [];
    const bookings = range.data.bookings.map<CalendarEvent>((booking) => ({
      kind: "booking",
      id: booking.id,
      title: `${booking.customer.name} · ${booking.serviceName}`,
      start: toWallClock(booking.startsAt, tz),
      end: toWallClock(booking.endsAt, tz),
      editable: isAdmin,
      booking,
    }));
    const blocks = range.data.unavailable.map<CalendarEvent>((block) => ({
      kind: "unavailable",
      id: block.id,
      title: block.note ? `Unavailable – ${block.note}` : "Unavailable",
      start: toWallClock(block.startsAt, tz),
      end: toWallClock(block.endsAt, tz),
      editable: isAdmin || block.fieldworkerId === viewer.fieldworkerId,
      block,
    }));
    const imported = range.data.google.map<CalendarEvent>((google) => ({
      kind: "google",
      id: google.id,
      title: google.title,
      start: toWallClock(google.startsAt, tz),
      end: toWallClock(google.endsAt, tz),
      allDay: google.allDay,
      editable: false,
      google,
    }));
    return [...imported, ...blocks, ...bookings];
  }, [range.data, tz, isAdmin, viewer.fieldworkerId]);

  const reschedule = useMutation(trpc.bookings.reschedule.mutationOptions());
  const moveBlock = useMutation(trpc.unavailable.update.mutationOptions());

  const onMove = useCallback(
    async ({ event, start, end }: EventInteractionArgs<CalendarEvent>) => {
      if (event.kind === "google" || !event.editable) return;
      const startsAt = fromWallClock(new Date(start), tz);
      const endsAt = fromWallClock(new Date(end), tz);
      const original = event.kind === "booking" ? event.booking : event.block;
      if (startsAt.getTime() === original.startsAt.getTime() && endsAt.getTime() === original.endsAt.getTime()) return;
      // Optimistic: the event stays where it was dropped while the server confirms.
      queryClient.setQueryData(rangeQuery.queryKey, (old: CalendarRangeData | undefined) =>
        old && {
          ...old,
          bookings: old.bookings.map((b) => (event.kind === "booking" && b.id === event.id ? { ...b, startsAt, endsAt } : b)),
          unavailable: old.unavailable.map((u) => (event.kind === "unavailable" && u.id === event.id ? { ...u, startsAt, endsAt } : u)),
        },
      );
      try {
        if (event.kind === "booking") {
          await reschedule.mutateAsync({ id: event.id, startsAt, endsAt });
          toast.success("Booking rescheduled");
        } else {
          await moveBlock.mutateAsync({ id: event.id, startsAt, endsAt, note: event.block.note });
          toast.success("Unavailable time moved");
        }
      } catch (error) {
        toast.error(`Could not move it: ${trpcErrorMessage(error)}`);
      } finally {
        await invalidate();
      }
    },
    [tz, queryClient, rangeQuery.queryKey, reschedule, moveBlock, invalidate],
  );

  const onSelectSlot = useCallback(
    (slot: SlotInfo) => {
      let start = slot.start;
      let end = slot.end;
      const wholeDays = view === Views.MONTH || (differenceInMinutes(end, start) >= 24 * 60 && start.getTime() === startOfDay(start).getTime());
      if (wholeDays) {
        // A day cell: offer the start of a working day rather than midnight.
        start = setHours(startOfDay(start), 9);
        end = addMinutes(start, 60);
      } else if (slot.action !== "select") {
        end = addMinutes(start, 60);
      }
      const startsAt = fromWallClock(start, tz);
      const endsAt = fromWallClock(end, tz);
      onOpenDialog({ kind: "new", startsAt, endsAt, mode: isAdmin ? "booking" : "unavailable" });
    },
    [view, tz, isAdmin, onOpenDialog],
  );

  /** A click (or Enter) on a booking or block opens the quick preview next to it; Google events keep their read-only dialog. */
  const onSelectEvent = useCallback(
    (event: CalendarEvent, e?: React.SyntheticEvent) => {
      if (event.kind === "google") {
        onOpenDialog({ kind: "google", event: event.google });
        return;
      }
      const clicked = e?.target instanceof Element ? e.target : null;
      const chip = clicked?.closest(".rbc-event") ?? clicked;
      // The chip is what focus returns to when the preview, or the dialog opened from it, closes.
      if (chip instanceof HTMLElement && chip.tabIndex >= 0) chip.focus({ preventScroll: true });
      setPreview({ event, rect: chip ? chip.getBoundingClientRect() : new DOMRect(window.innerWidth / 2, 200, 0, 0) });
    },
    [onOpenDialog],
  );
  const openFromPreview = useCallback(
    (event: PreviewTarget["event"]) => {
      setPreview(null);
      if (event.kind === "booking") onOpenDialog({ kind: "booking", id: event.id });
      else if (event.editable) onOpenDialog({ kind: "unavailable", block: event.block });
    },
    [onOpenDialog],
  );
  const shownEvents = useMemo(() => (showLanes ? laneEvents(events, lanes) : events), [showLanes, events, lanes]);

  const eventPropGetter = useCallback(
    (event: CalendarEvent) => {
      if (event.kind === "unavailable") return { className: "fs-unavailable", style: HATCHED };
      if (event.kind === "google") return { className: "fs-google", style: importedEventStyle(event.google.calendar.color) };
      const color = event.booking.status.color;
      const mark = event.booking.notInGoogle ? NOT_IN_GOOGLE_EVENT_STYLE : {};
      // The agenda colours whole table rows: a status stripe keeps them readable as a list.
      if (view === Views.AGENDA) return { className: "fs-booking", style: { boxShadow: `inset 6px 0 0 ${color}`, ...mark } };
      // Whatever colour an admin picks for a status, its text stays readable (≥ 4.5:1).
      return { className: "fs-booking", style: { backgroundColor: color, borderColor: color, color: readableTextColor(color), ...mark } };
    },
    [view],
  );

  const components = useMemo(
    () => ({
      event: EventContent,
      showMore: MonthShowMore,
      toolbar: CalendarToolbar,
      week: { header: TimeViewDayHeader },
      day: { header: TimeViewDayHeader },
    }),
    [],
  );
  const hiddenByDay = range.data?.hiddenByDay;
  const monthOverflow = useMemo(
    () => ({
      hiddenByDay: hiddenByDay ?? {},
      openDay: (wallDate: Date) => {
        setDate(wallDate);
        setView(Views.DAY);
      },
    }),
    [hiddenByDay],
  );
  const scrollToTime = useMemo(() => setHours(startOfDay(toWallClock(new Date(), tz)), 7), [tz]);
  const getNow = useCallback(() => toWallClock(new Date(), tz), [tz]);

  return (
    <div className="relative">
      <div className="flex min-h-5 flex-wrap items-end justify-between gap-2">
        {canShowLanes ? <LaneToggle on={lanesOn} onChange={setLanesOn} /> : <span />}
        <LastSynced at={range.data?.lastSyncedAt ?? null} />
      </div>
      {range.isError ? (
        <p role="alert" className="mb-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the calendar: {trpcErrorMessage(range.error)}
        </p>
      ) : null}
      <div ref={boardRef} className="card relative h-[calc(100dvh-12rem)] min-h-[520px] p-1 sm:p-3" aria-busy={range.isFetching} data-testid="calendar">
        {range.isPending ? (
          <div role="status" className="absolute inset-0 z-10 flex items-center justify-center rounded-[inherit] bg-white/80 text-sm text-slate-700" data-testid="calendar-loading">
            Loading calendar…
          </div>
        ) : null}
        <MonthOverflowContext.Provider value={monthOverflow}>
          <DnDCalendar
            localizer={localizer}
            culture="en-AU"
            events={shownEvents}
            resources={showLanes ? lanes : undefined}
            resourceIdAccessor={(lane) => lane.id}
            resourceTitleAccessor={(lane) => lane.title}
            resourceAccessor={(event) => (event as LaneEvent).laneId}
            views={showLanes ? (isPhone ? PHONE_LANE_VIEWS : LANE_VIEWS) : isPhone ? PHONE_VIEWS : VIEWS}
            view={view}
            onView={setView}
            date={date}
            onNavigate={setDate}
            getNow={getNow}
            scrollToTime={scrollToTime}
            step={30}
            timeslots={2}
            selectable
            // Together, concurrent jobs cascade so each keeps a readable width; a lane rarely has any.
            dayLayoutAlgorithm={showLanes ? "no-overlap" : "overlap"}
            tooltipAccessor={(event) => {
              if (event.kind === "booking") {
                return [
                  event.booking.notInGoogle ? NOT_IN_GOOGLE_LABEL : "",
                  event.booking.status.name,
                  event.title,
                  event.booking.suburb,
                  event.booking.fieldworkers.map((f) => f.name).join(", "),
                ]
                  .filter(Boolean)
                  .join(" · ");
              }
              if (event.kind === "google") return `${event.title} · ${event.google.calendar.name} (Google Calendar, read-only)`;
              return `${event.title} · ${event.block.fieldworkerName}`;
            }}
            draggableAccessor={(event) => event.editable}
            resizableAccessor={(event) => event.editable}
            resizable
            onEventDrop={onMove}
            onEventResize={onMove}
            onSelectSlot={onSelectSlot}
            onSelectEvent={onSelectEvent}
            onKeyPressEvent={(event, e) => {
              const native = e.nativeEvent;
              if (!(native instanceof KeyboardEvent) || !OPEN_KEYS.has(native.key)) return;
              // Without this the key's default action (a click on whatever has focus by then) lands on the
              // preview's first button, which closed the preview again ~100 ms after Enter opened it.
              native.preventDefault();
              onSelectEvent(event, e);
            }}
            eventPropGetter={eventPropGetter}
            formats={FORMATS}
            components={components}
          />
        </MonthOverflowContext.Provider>
      </div>
      <EventPreview target={preview} timeZone={tz} canEdit={isAdmin} onClose={() => setPreview(null)} onOpen={openFromPreview} />
    </div>
  );
}
