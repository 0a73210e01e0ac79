import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "~/server/api/root";
import { auth } from "~/server/auth";
import { getDb } from "~/server/db";

/** tRPC for server components: same procedures, same checks, no HTTP hop. */
export const serverApi = cache(async () => {
  const [db, session, requestHeaders] = await Promise.all([getDb(), auth(), headers()]);
  return createCaller({ db, session, headers: new Headers(requestHeaders) });
});
