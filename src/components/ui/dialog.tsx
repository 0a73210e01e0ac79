"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { useEscapeThroughPickers } from "./dialog-escape";
import { useFocusReturn } from "./focus-return";

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: React.ReactNode;
  /** Tailwind max-width class; forms want more room than confirmations. */
  widthClass?: string;
  /** Where focus goes on close when it is not the element focused at opening (an event chip behind a popover). */
  returnFocusTo?: HTMLElement | null;
}

/**
 * An accessible modal (focus trap, Escape from anywhere inside, labelled by its title, focus back to what opened
 * it) that fills a phone screen.
 */
export function Dialog({ open, onOpenChange, title, description, children, widthClass = "max-w-lg", returnFocusTo }: DialogProps) {
  const focusReturn = useFocusReturn(returnFocusTo);
  const escapeKeys = useEscapeThroughPickers(() => onOpenChange(false));
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content
          className={`fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-xl bg-white p-5 shadow-xl sm:inset-auto sm:top-1/2 sm:left-1/2 sm:w-full sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl ${widthClass}`}
          {...focusReturn}
          {...escapeKeys}
        >
          <RadixDialog.Title className="pr-8 text-lg font-semibold">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
          )}
          <div className="mt-4">{children}</div>
          <RadixDialog.Close
            className="absolute top-3 right-3 inline-flex h-8 w-8 items-center justify-center rounded text-slate-600 hover:bg-slate-100"
            aria-label="Close"
          >
            ✕
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
