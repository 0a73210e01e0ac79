"use client";

import { useMemo, useRef } from "react";

/*
 * Where focus goes when a dialog or popover closes (WCAG 2.4.3): back to what opened it. Radix returns focus only
 * to its own <Trigger>; FieldSync opens most dialogs from state (a menu item, a calendar event, a button in another
 * dialog), which left focus on <body>. Each layer remembers, when it opens, the element focused just before — or,
 * when that was inside a menu or popover that closes as the layer opens, the last focused element outside such
 * transient layers — and focuses it again on close.
 */

const TRANSIENT_LAYER = "[data-radix-popper-content-wrapper], [role='menu']";

let lastSteadyFocus: HTMLElement | null = null;
let tracking = false;

/** Controls a pointer can press; a menu trigger (Radix) or a Safari button takes no focus when pressed. */
const PRESSABLE = "button, a[href], [tabindex], input, select, textarea, summary";

function remember(element: Element | null) {
  if (element instanceof HTMLElement && !element.closest(TRANSIENT_LAYER)) lastSteadyFocus = element;
}

function trackSteadyFocus() {
  if (tracking || typeof document === "undefined") return;
  tracking = true;
  document.addEventListener("focusin", (event) => remember(event.target instanceof Element ? event.target : null), true);
  document.addEventListener("pointerdown", (event) => remember(event.target instanceof Element ? event.target.closest(PRESSABLE) : null), true);
}
trackSteadyFocus();

function isUsable(element: HTMLElement | null): element is HTMLElement {
  return Boolean(element && element.isConnected && element !== document.body);
}

/** The element to focus when a layer opening now closes. */
export function focusOrigin(): HTMLElement | null {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  if (isUsable(active) && !active.closest(TRANSIENT_LAYER)) return active;
  return isUsable(lastSteadyFocus) ? lastSteadyFocus : null;
}

/**
 * Handlers for a Radix Content's `onOpenAutoFocus` / `onCloseAutoFocus`. Focus returns only when it would
 * otherwise be lost (on <body> or in the layer that closed), so a popover that closes as a dialog opens from it
 * leaves the focus in the dialog.
 */
export function useFocusReturn(returnTo?: HTMLElement | null) {
  const origin = useRef<HTMLElement | null>(null);
  return useMemo(
    () => ({
      onOpenAutoFocus: () => {
        origin.current = returnTo ?? focusOrigin();
      },
      onCloseAutoFocus: (event: Event) => {
        event.preventDefault();
        const target = origin.current;
        origin.current = null;
        const active = document.activeElement;
        const lost = !active || active === document.body || !active.isConnected;
        if (lost && isUsable(target)) target.focus();
      },
    }),
    [returnTo],
  );
}
