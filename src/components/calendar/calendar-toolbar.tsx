"use client";

import { Navigate, type ToolbarProps, type View } from "react-big-calendar";
import type { CalendarEvent } from "./types";

/**
 * react-big-calendar's toolbar with the same classes and button names, made to fit a phone in one row: Back and
 * Next become arrows (their names stay "Back" and "Next") and the date label may wrap inside its own space, where
 * rbc's toolbar stacked into three rows. The current view's button says so (aria-pressed). FieldSync passes no
 * custom `messages`, so the arrows' names are rbc's English defaults.
 */
export function CalendarToolbar({ label, view, views, onNavigate, onView, localizer: { messages } }: ToolbarProps<CalendarEvent, object>) {
  const viewNames = (Array.isArray(views) ? views : Object.keys(views)) as View[];
  return (
    <div className="rbc-toolbar fs-toolbar">
      <span className="rbc-btn-group">
        <button type="button" onClick={() => onNavigate(Navigate.TODAY)}>
          {messages.today ?? "Today"}
        </button>
        <button type="button" onClick={() => onNavigate(Navigate.PREVIOUS)} aria-label="Back">
          <span aria-hidden className="sm:hidden">
            ‹
          </span>
          <span aria-hidden className="hidden sm:inline">
            {messages.previous ?? "Back"}
          </span>
        </button>
        <button type="button" onClick={() => onNavigate(Navigate.NEXT)} aria-label="Next">
          <span aria-hidden className="sm:hidden">
            ›
          </span>
          <span aria-hidden className="hidden sm:inline">
            {messages.next ?? "Next"}
          </span>
        </button>
      </span>
      <span className="rbc-toolbar-label">{label}</span>
      {viewNames.length > 1 ? (
        <span className="rbc-btn-group">
          {viewNames.map((name) => (
            <button key={name} type="button" className={name === view ? "rbc-active" : undefined} aria-pressed={name === view} onClick={() => onView(name)}>
              {messages[name] ?? name}
            </button>
          ))}
        </span>
      ) : null}
    </div>
  );
}
