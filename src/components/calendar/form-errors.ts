import { z } from "zod";
import { trpcErrorMessage } from "~/lib/trpc-error-message";
import { zodErrorOf } from "~/lib/zod-error";

export interface FormErrors {
  /** Messages keyed by input field, shown beside the input. */
  fields: Record<string, string>;
  /** A message for the whole form (shown with role="alert"), when the error is not about a shown field. */
  form?: string;
}

/**
 * Splits a failed mutation into messages beside the inputs the form shows (`shownFields`) and one
 * form-level message for everything else (unknown customer, forbidden, network…).
 */
export function formErrorsFrom(error: unknown, shownFields: readonly string[]): FormErrors {
  const zodError = zodErrorOf(error);
  if (zodError) {
    const fields: Record<string, string> = {};
    const other: string[] = [...zodError.formErrors];
    for (const [field, messages] of Object.entries(zodError.fieldErrors)) {
      const message = messages?.[0];
      if (!message) continue;
      if (shownFields.includes(field)) fields[field] = message;
      else other.push(message);
    }
    return { fields, form: other[0] };
  }
  return { fields: {}, form: trpcErrorMessage(error) };
}

/**
 * Adds the first message per field of the server's own schema to `fields`, so the form shows the same
 * messages before a round trip. Messages already there (the form's own checks) are kept.
 */
export function addSchemaErrors(fields: Record<string, string>, schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  if (parsed.success) return;
  const flat = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
  for (const [field, messages] of Object.entries(flat)) if (messages?.[0] && !fields[field]) fields[field] = messages[0];
}
