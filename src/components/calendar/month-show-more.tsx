"use client";

import { format } from "date-fns";
import { createContext, useContext } from "react";
import type { ShowMoreProps } from "react-big-calendar";
import type { CalendarEvent } from "./types";

interface MonthOverflow {
  /** Company-local date (yyyy-MM-dd) → items of that day the server left out of the month view. */
  hiddenByDay: Record<string, number>;
  /** Shows the whole day: the day view loads it uncapped. */
  openDay: (wallDate: Date) => void;
}

export const MonthOverflowContext = createContext<MonthOverflow>({ hiddenByDay: {}, openDay: () => undefined });

/** How many items of a day the month cell does not show: the ones it has no room for, plus the ones never sent. */
function moreOnDay(notShownInCell: number, wallDate: Date, hiddenByDay: Record<string, number>): number {
  return notShownInCell + (hiddenByDay[format(wallDate, "yyyy-MM-dd")] ?? 0);
}

/**
 * react-big-calendar's "+N more" link for a month cell, counting the items the server left out too. It opens
 * the day view rather than the popup, which could only list the items the month view loaded.
 */
export function MonthShowMore({ slotDate, count }: ShowMoreProps<CalendarEvent>) {
  const { hiddenByDay, openDay } = useContext(MonthOverflowContext);
  const more = moreOnDay(count, slotDate, hiddenByDay);
  // rbc puts this link straight into a month week's `row`; as a `cell` it is one of the row's allowed children.
  return (
    <span role="cell">
      <button
        type="button"
        className="rbc-button-link rbc-show-more"
        aria-label={`Show all ${more} more on ${format(slotDate, "EEEE d MMMM")}`}
        onClick={(e) => {
          e.stopPropagation();
          openDay(slotDate);
        }}
      >
        +{more} more
      </button>
    </span>
  );
}
