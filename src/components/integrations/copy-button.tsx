"use client";

import { toast } from "sonner";

/** Copies a value the admin must paste elsewhere exactly (Google Cloud Console). */
export function CopyButton({ value, label, what }: { value: string; label: string; what: string }) {
  return (
    <button
      type="button"
      className="btn shrink-0"
      aria-label={label}
      onClick={() => {
        // navigator.clipboard exists only in secure contexts (https or localhost).
        if (!navigator.clipboard) {
          toast.error(`Copying isn't available here: select the ${what} and copy it by hand.`);
          return;
        }
        navigator.clipboard.writeText(value).then(
          () => toast.success(`${what[0]?.toUpperCase()}${what.slice(1)} copied`),
          () => toast.error(`Couldn't copy: select the ${what} and copy it by hand.`),
        );
      }}
    >
      Copy
    </button>
  );
}
