import { TRPCClientError } from "@trpc/client";

/** The message to show a person for a failed tRPC call, with the first field error when zod gave one. */
export function trpcErrorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null } | undefined;
    const fieldErrors = data?.zodError?.fieldErrors ?? {};
    const first = Object.entries(fieldErrors).find(([, messages]) => messages && messages.length > 0);
    if (first) return `${first[0]}: ${first[1]![0]}`;
    const formError = data?.zodError?.formErrors?.[0];
    if (formError) return formError;
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
