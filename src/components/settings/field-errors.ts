import { zodErrorOf } from "~/lib/zod-error";

/** The first zod message per input field of a failed tRPC call, for showing next to each field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(zodErrorOf(error)?.fieldErrors ?? {})) {
    const first = messages?.[0];
    if (first) result[field] = first;
  }
  return result;
}
