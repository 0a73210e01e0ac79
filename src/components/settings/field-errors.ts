import { TRPCClientError } from "@trpc/client";

/** The first zod message per input field of a failed tRPC call, for showing next to each field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = error.data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | undefined;
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    const first = messages?.[0];
    if (first) result[field] = first;
  }
  return result;
}
