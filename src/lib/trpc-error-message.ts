import { TRPCClientError } from "@trpc/client";
import { zodErrorOf } from "./zod-error";

/** The message to show a person for a failed tRPC call, with the first field error when zod gave one. */
export function trpcErrorMessage(error: unknown): string {
  const zodError = zodErrorOf(error);
  if (zodError) {
    const first = Object.entries(zodError.fieldErrors).find(([, messages]) => messages && messages.length > 0);
    if (first) return `${first[0]}: ${first[1]![0]}`;
    const formError = zodError.formErrors[0];
    if (formError) return formError;
  }
  if (error instanceof TRPCClientError) return error.message;
  return error instanceof Error ? error.message : "Something went wrong.";
}
