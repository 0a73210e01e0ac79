"use client";

import { addDays, addWeeks, areIntervalsOverlapping, endOfDay, format, isSameDay, startOfDay, startOfWeek } from "date-fns";
import { Navigate, type NavigateAction } from "react-big-calendar";
import type { Lane, LaneEvent } from "./lanes";

/*
 * The week "by fieldworker": a react-big-calendar custom view over the calendar's `resources` (lanes),
 * one row per fieldworker and one column per day, each cell listing that person's jobs in time order.
 * Seven days × a crew of time-grid columns is unreadable at any width; rows are how dispatchers read a week.
 */

const WEEK_OPTIONS = { weekStartsOn: 1 } as const;

export function weekDays(date: Date): Date[] {
  const first = startOfWeek(date, WEEK_OPTIONS);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

interface CrewWeekViewProps {
  date: Date;
  events: LaneEvent[];
  resources?: Lane[];
  getNow: () => Date;
  onSelectEvent?: (event: LaneEvent, e: React.SyntheticEvent) => void;
  getters?: { eventProp?: (event: LaneEvent, start: Date, end: Date, selected: boolean) => { className?: string; style?: React.CSSProperties } };
}

function Chip({ event, onSelect, propsOf }: { event: LaneEvent; onSelect?: CrewWeekViewProps["onSelectEvent"]; propsOf: CrewWeekViewProps["getters"] }) {
  const { className, style } = propsOf?.eventProp?.(event, event.start, event.end, false) ?? {};
  const time = "allDay" in event && event.allDay ? "All day" : `${format(event.start, "h:mm")}–${format(event.end, "h:mma").toLowerCase()}`;
  const line =
    event.kind === "booking"
      ? event.booking.customer.name
      : event.kind === "unavailable"
        ? event.title
        : event.title;
  const sub = event.kind === "booking" ? [event.booking.serviceName, event.booking.suburb].filter(Boolean).join(" · ") : event.kind === "google" ? event.google.calendar.name : null;
  return (
    <button
      type="button"
      className={`rbc-event fs-crew-chip ${className ?? ""}`}
      style={style}
      onClick={(e) => onSelect?.(event, e)}
      title={[time, line, sub].filter(Boolean).join(" · ")}
    >
      <span className="block truncate text-[11px] font-semibold">{time}</span>
      <span className="block truncate font-semibold">{line}</span>
      {sub ? <span className="block truncate text-[11px]">{sub}</span> : null}
    </button>
  );
}

export function CrewWeekView({ date, events, resources = [], getNow, onSelectEvent, getters }: CrewWeekViewProps) {
  const days = weekDays(date);
  const today = getNow();
  return (
    <div className="h-full overflow-auto" data-testid="crew-week" tabIndex={0} role="region" aria-label="Week by fieldworker">
      <table className="w-full table-fixed border-collapse text-[12.5px]">
        <thead className="sticky top-0 z-10 bg-white">
          <tr>
            <th scope="col" className="w-36 border border-slate-200 px-2 py-1 text-left text-xs font-semibold text-slate-600">
              Fieldworker
            </th>
            {days.map((day) => (
              <th
                scope="col"
                key={day.toISOString()}
                className={`border border-slate-200 px-2 py-1 text-xs font-semibold ${isSameDay(day, today) ? "bg-brand-50 text-brand-700" : "text-slate-700"}`}
              >
                {format(day, "EEE d MMM")}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {resources.map((lane) => (
            <tr key={lane.id} className="align-top">
              <th scope="row" className="border border-slate-200 bg-slate-50 px-2 py-1.5 text-left text-xs font-semibold text-slate-700">
                {lane.title}
              </th>
              {days.map((day) => {
                const dayEvents = events
                  .filter((e) => e.laneId === lane.id && areIntervalsOverlapping({ start: e.start, end: e.end }, { start: startOfDay(day), end: endOfDay(day) }))
                  .sort((a, b) => a.start.getTime() - b.start.getTime());
                return (
                  <td key={day.toISOString()} className={`border border-slate-200 p-1 ${isSameDay(day, today) ? "bg-brand-50/40" : ""}`} aria-label={`${lane.title}, ${format(day, "EEEE d MMMM")}`}>
                    <div className="flex min-h-12 flex-col gap-1">
                      {dayEvents.map((event) => (
                        <Chip key={event.laneKey} event={event} onSelect={onSelectEvent} propsOf={getters} />
                      ))}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

CrewWeekView.range = (date: Date) => weekDays(date);

CrewWeekView.navigate = (date: Date, action: NavigateAction) => {
  if (action === Navigate.PREVIOUS) return addWeeks(date, -1);
  if (action === Navigate.NEXT) return addWeeks(date, 1);
  return date;
};

CrewWeekView.title = (date: Date) => {
  const days = weekDays(date);
  return `${format(days[0]!, "MMMM dd")} – ${format(days[6]!, "MMMM dd")}`;
};
