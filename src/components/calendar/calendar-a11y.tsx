"use client";

import { useEffect, type RefObject } from "react";
import type { HeaderProps } from "react-big-calendar";

/*
 * react-big-calendar 1.20 (upstream issues #2394, #2538, #2714) marks parts of its time views with table roles they
 * cannot have: a day header is a `columnheader` with no `row` around it, and the all-day strip is a `rowgroup` with
 * no table holding a `row` with no cells. Screen readers then announce tables that are not there. The time views are
 * not tables (a day column is a canvas of positioned events), so FieldSync removes those roles instead of faking a
 * table: the day headers through the calendar's `components` prop, the all-day strip (which no prop reaches) in
 * `useCalendarA11yRepair`. Nothing is hidden: every event stays a focusable button with its full label.
 */

/** A time view's day header: the label alone (the button around it, which opens that day, is rbc's). */
export function TimeViewDayHeader({ label }: HeaderProps) {
  return <span>{label}</span>;
}

/** Roles react-big-calendar puts on the time views' all-day strip, which has no table around it. */
const MISPLACED_TABLE_ROLES = ".rbc-time-view .rbc-allday-cell[role], .rbc-time-view .rbc-allday-cell .rbc-row-content[role]";

/** Scrolling areas the keyboard must reach (WCAG 2.1.1): rbc renders them as plain divs. */
const SCROLLERS: [selector: string, label: string][] = [
  [".rbc-time-content", "Time grid"],
  [".rbc-agenda-view", "Agenda"],
];

export function repairCalendarA11y(root: HTMLElement) {
  for (const element of root.querySelectorAll(MISPLACED_TABLE_ROLES)) element.removeAttribute("role");
  for (const [selector, label] of SCROLLERS) {
    for (const element of root.querySelectorAll(selector)) {
      if (element.getAttribute("tabindex") === "0") continue;
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", label);
    }
  }
}

/** Keeps `repairCalendarA11y` applied as react-big-calendar re-renders views inside `ref`. */
export function useCalendarA11yRepair(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    repairCalendarA11y(root);
    const observer = new MutationObserver(() => repairCalendarA11y(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [ref]);
}
