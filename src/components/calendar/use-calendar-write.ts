"use client";

import { toast } from "sonner";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { formErrorsFrom, type FormErrors } from "./form-errors";
import { useInvalidateCalendar } from "./use-invalidate-calendar";

/**
 * How a calendar dialog saves and deletes: on success a toast, the calendar refetched and the dialog done;
 * on failure the errors beside the inputs (saving) or as one form message (deleting).
 */
export function useCalendarWrite(options: {
  shownFields: readonly string[];
  setErrors: (errors: FormErrors) => void;
  closeConfirmDelete: () => void;
  onDone: () => void;
}) {
  const invalidate = useInvalidateCalendar();
  const { shownFields, setErrors, closeConfirmDelete, onDone } = options;

  const save = async (write: () => Promise<unknown>, success: string) => {
    try {
      await write();
      toast.success(success);
      await invalidate();
      onDone();
    } catch (error) {
      setErrors(formErrorsFrom(error, shownFields));
    }
  };

  const remove = async (write: () => Promise<unknown>, success: string) => {
    try {
      await write();
      toast.success(success);
      closeConfirmDelete();
      await invalidate();
      onDone();
    } catch (error) {
      closeConfirmDelete();
      setErrors({ fields: {}, form: trpcErrorMessage(error) });
    }
  };

  return { save, remove };
}
