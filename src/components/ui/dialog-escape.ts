"use client";

import { useRef } from "react";

/*
 * Escape closes a dialog from anywhere inside it. Two places never let the dialog see the key press:
 * - a <select> whose picker is open: the browser's picker takes Escape's keydown to close itself and only the keyup
 *   reaches the page, so the dialog needed a second Escape;
 * - a same-origin <iframe> (the email preview): its key events stay in its own document.
 */

/** Key handlers for a dialog's content: a lone Escape keyup on a <select> (its keydown eaten by the picker) closes it. */
export function useEscapeThroughPickers(close: () => void) {
  const escapeDown = useRef(false);
  return {
    onKeyDownCapture: (event: React.KeyboardEvent) => {
      if (event.key === "Escape") escapeDown.current = true;
    },
    onKeyUpCapture: (event: React.KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const sawKeyDown = escapeDown.current;
      escapeDown.current = false;
      if (!sawKeyDown && event.target instanceof HTMLSelectElement) close();
    },
  };
}

/** Closes on Escape pressed inside a same-origin iframe's document; call from the iframe's onLoad. */
export function closeOnEscapeInFrame(frame: HTMLIFrameElement, close: () => void) {
  frame.contentDocument?.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
}
