import { TRPCClientError } from "@trpc/client";

/** The zod issues the server flattened into a failed tRPC call (server/api/trpc.ts's error formatter). */
export interface FlatZodError {
  fieldErrors: Record<string, string[] | undefined>;
  formErrors: string[];
}

/** The flattened zod error of a failed tRPC call, or null when the input was not what failed. */
export function zodErrorOf(error: unknown): FlatZodError | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { zodError?: Partial<FlatZodError> | null } | undefined;
  const zodError = data?.zodError;
  if (!zodError) return null;
  return { fieldErrors: zodError.fieldErrors ?? {}, formErrors: zodError.formErrors ?? [] };
}
